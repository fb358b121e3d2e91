/// Shard I of N of a batch: the run ingested the batch's videos whose 0-based
/// index is I modulo N. `batchSHA256` identifies the batch (the SHA-256 of the
/// sample sheet's bytes), so that merge can tell which shards are missing.
package struct Shard: Equatable, Sendable, CustomStringConvertible {
    package let index: Int
    package let count: Int
    package let batchSHA256: String

    package init(index: Int, count: Int, batchSHA256: String) {
        self.index = index
        self.count = count
        self.batchSHA256 = batchSHA256
    }

    /// Parses "I/N" (0 ≤ I < N, N ≥ 1); the error says what is wrong with it.
    package static func parse(_ text: String) throws -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw StoreError("--shard \(text): give I/N, the 0-based shard index I and the number of shards N (e.g. --shard 0/4, or --shard $SLURM_ARRAY_TASK_ID/4)")
        }
        guard count >= 1 else {
            throw StoreError("--shard \(text): the number of shards N must be at least 1")
        }
        guard index >= 0 && index < count else {
            throw StoreError("--shard \(text): the shard index I must be between 0 and \(count - 1) (I is 0-based: the shards of \(count) are 0/\(count) … \(count - 1)/\(count))")
        }
        return (index, count)
    }

    /// Whether the item at 0-based `position` of the batch belongs to this shard.
    package func contains(_ position: Int) -> Bool { position % count == index }

    /// The items of the batch that belong to this shard, in order.
    package func select<T>(_ items: [T]) -> [T] {
        items.enumerated().filter { contains($0.offset) }.map(\.element)
    }

    package var description: String { "shard \(index)/\(count)" }
}
