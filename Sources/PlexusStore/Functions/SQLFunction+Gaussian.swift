import PlexusGraph
import PlexusMixture

extension SQLFunction {
    /// Gaussian helpers on components as stored: (mean_row, mean_col, cov_rr, cov_rc, cov_cc).
    static var gaussian: [SQLFunction] {
        [
            SQLFunction(
                name: "mvn_pdf", arities: [7], kind: .scalar { values in
                    let a = Arguments("mvn_pdf", values)
                    if a.hasNull { return .null }
                    let component = try gaussianComponent(a, from: 2)
                    return .real(GaussianMath.density(row: try a.double(0), col: try a.double(1), of: component))
                },
                summary: "Density of a bivariate normal at a point: mvn_pdf(row, col, mean_row, mean_col, cov_rr, cov_rc, cov_cc).",
                documentation: """
                    mvn_pdf(ROW, COL, MEAN_ROW, MEAN_COL, COV_RR, COV_RC, COV_CC)
                    1. Seven arguments: a point and a component as stored in `component`.
                    2. Any argument NULL: the result is NULL.
                    3. An argument that is not a number, or a covariance that is not positive
                       definite, raises an error naming the argument.
                    4. Returns REAL: the bivariate normal density N(point; mean, covariance).
                    Example: SELECT mvn_pdf(a.mean_row, a.mean_col, b.mean_row, b.mean_col, b.cov_rr, b.cov_rc, b.cov_cc)
                             FROM component a JOIN component b USING (cell_id, t) WHERE a.k = 0 AND b.k = 1;
                    (the pdf affinity W[0][1] of the frame)
                    """),
            SQLFunction(
                name: "gaussian_kl", arities: [10], kind: .scalar { values in
                    let a = Arguments("gaussian_kl", values)
                    if a.hasNull { return .null }
                    return .real(GaussianMath.kullbackLeibler(try gaussianComponent(a, from: 0), try gaussianComponent(a, from: 5)))
                },
                summary: "Kullback–Leibler divergence KL(p ‖ q) between two components (5 + 5 arguments).",
                documentation: """
                    gaussian_kl(P_MEAN_ROW, P_MEAN_COL, P_COV_RR, P_COV_RC, P_COV_CC, Q_MEAN_ROW, Q_MEAN_COL, Q_COV_RR, Q_COV_RC, Q_COV_CC)
                    1. Ten arguments: two components as stored in `component`.
                    2. Any argument NULL: the result is NULL.
                    3. An argument that is not a number, or a covariance that is not positive
                       definite, raises an error naming the argument.
                    4. Returns REAL ≥ 0: the closed-form KL divergence of p from q (asymmetric).
                    Example: SELECT exp(-gaussian_kl(...)) is the kl affinity W[p][q].
                    """),
            SQLFunction(
                name: "gaussian_hellinger", arities: [10], kind: .scalar { values in
                    let a = Arguments("gaussian_hellinger", values)
                    if a.hasNull { return .null }
                    return .real(GaussianMath.hellinger(try gaussianComponent(a, from: 0), try gaussianComponent(a, from: 5)))
                },
                summary: "Hellinger distance between two components (5 + 5 arguments), in [0, 1].",
                documentation: """
                    gaussian_hellinger(P_MEAN_ROW, P_MEAN_COL, P_COV_RR, P_COV_RC, P_COV_CC, Q_MEAN_ROW, Q_MEAN_COL, Q_COV_RR, Q_COV_RC, Q_COV_CC)
                    1. Ten arguments: two components as stored in `component`.
                    2. Any argument NULL: the result is NULL.
                    3. An argument that is not a number, or a covariance that is not positive
                       definite, raises an error naming the argument.
                    4. Returns REAL in [0, 1]: √(1 − BC), BC the Bhattacharyya coefficient. Symmetric.
                    Example: 1 - gaussian_hellinger(...) is the hellinger affinity.
                    """),
        ]
    }

    /// Reads a component from five consecutive arguments starting at `first`.
    static func gaussianComponent(_ a: Arguments, from first: Int) throws -> GaussianComponent {
        let rr = try a.double(first + 2), rc = try a.double(first + 3), cc = try a.double(first + 4)
        guard rr > 0, cc > 0, rr * cc - rc * rc > 0 else {
            throw SQLFunctionError("\(Arguments.ordinal(first + 2))–\(Arguments.ordinal(first + 4)) arguments to \(a.function)() are not a positive-definite covariance (cov_rr = \(rr), cov_rc = \(rc), cov_cc = \(cc))")
        }
        return GaussianComponent(weight: 1, meanRow: try a.double(first), meanCol: try a.double(first + 1),
                                 covRR: rr, covRC: rc, covCC: cc)
    }
}
