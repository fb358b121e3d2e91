import CLapacke

/// LAPACK failed to diagonalise a matrix (`info` ≠ 0).
package struct EigenError: Error, CustomStringConvertible {
    package let info: Int32
    package let size: Int
    package var description: String {
        info < 0 ? "LAPACKE_dsyevd: argument \(-info) was invalid (n = \(size))"
                 : "LAPACKE_dsyevd: \(info) eigenvalues did not converge (n = \(size))"
    }
}

/// Eigenvalues (ascending) and, if asked, eigenvectors of a symmetric matrix,
/// by LAPACK's divide-and-conquer `dsyevd`.
package enum SymmetricEigen {
    package struct Result {
        package let values: [Double]
        /// Row-major n×n; column j is the eigenvector of `values[j]`. Empty when not requested.
        package let vectors: [Double]

        package func vector(_ j: Int) -> [Double] {
            let n = values.count
            return (0..<n).map { vectors[$0 * n + j] }
        }
    }

    /// `matrix` is row-major n×n and symmetric (only its upper triangle is read).
    package static func decompose(_ matrix: [Double], size n: Int, vectors: Bool) throws -> Result {
        precondition(matrix.count == n * n, "matrix must be n×n")
        guard n > 0 else { return Result(values: [], vectors: []) }
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        let info = LAPACKE_dsyevd(LAPACK_ROW_MAJOR, vectors ? CChar(UInt8(ascii: "V")) : CChar(UInt8(ascii: "N")),
                                  CChar(UInt8(ascii: "U")), Int32(n), &a, Int32(n), &w)
        guard info == 0 else { throw EigenError(info: info, size: n) }
        return Result(values: w, vectors: vectors ? a : [])
    }
}
