/// Condition comparisons and their report: per-cell features and statistics
/// come from the named queries and SQL functions of PlexusStore; this module
/// adds what is not a query (cross-validated classification, choosing a
/// representative cell) and renders the report as HTML, Markdown, CSV or JSON.
package enum Analytics {}
