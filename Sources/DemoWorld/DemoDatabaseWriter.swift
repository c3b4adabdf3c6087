import MetadataStores

/// Where `flytrap demo` (and the tests) write a control-plane database: a SQLite file or a Postgres database.
/// Statements use SQLite's `?` placeholders; each writer turns them into its own form.
public protocol DemoDatabaseWriter: AnyObject {
    /// Where the rows go, for messages and for `--db` (password hidden).
    var location: String { get }
    /// Creates the Flyte 2 tables (no indexes: `finishLoad` adds them after the bulk load).
    func createTables() throws
    /// Inserts one row (`INSERT INTO t (cols) VALUES (?,…)`; `INSERT OR REPLACE` replaces by the first column).
    func insert(_ sql: String, _ values: [SQLValue]) throws
    /// Runs statements without parameters (after writing out any buffered rows).
    func exec(_ sql: String) throws
    /// Writes out buffered rows so that other connections see them.
    func flush() throws
    /// Writes out buffered rows, creates the indexes and gathers planner statistics.
    func finishLoad() throws
    /// Closes the connection.
    func close()
}
