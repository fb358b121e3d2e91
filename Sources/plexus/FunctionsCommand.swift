import ArgumentParser
import PlexusStore

extension Plexus {
    struct FunctionsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "functions",
            abstract: "List the SQL functions Plexus adds to SQLite, with their documentation."
        )

        @Argument(help: "Show the full specification of this function only.")
        var name: String?

        func validate() throws {
            if let name, !SQLFunction.all.contains(where: { $0.name == name }) {
                throw ValidationError("no function named \(name); plexus functions lists them")
            }
        }

        func run() throws {
            if let name, let function = SQLFunction.all.first(where: { $0.name == name }) {
                print(function.signature)
                print(function.documentation)
                return
            }
            for function in SQLFunction.all {
                print("\(function.name)  — \(function.summary)")
            }
            print("\nplexus functions NAME shows one function's full specification.")
        }
    }
}
