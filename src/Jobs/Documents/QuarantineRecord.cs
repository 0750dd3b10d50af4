namespace YuLanData.Jobs.Documents;

/// <summary>An input record (or a whole file) that could not be turned into a document, or that made a stage fail.</summary>
/// <param name="Location">File and line/row of the record.</param>
/// <param name="Error">What went wrong, in words.</param>
/// <param name="Kind">A stable code: <c>bad_json</c>, <c>invalid_utf8</c>, <c>missing_text</c>, <c>line_too_long</c>,
/// <c>truncated_file</c>, <c>corrupt_member</c>, <c>corrupt_frame</c>, <c>corrupt_row_group</c>, <c>unverifiable_frames</c>, <c>unreadable_file</c>, <c>empty_file</c>, <c>stage_error</c>.</param>
/// <param name="IsFileLevel">True when the entry describes a file problem rather than one record (it is then not a record
/// that was read, so it does not enter the document accounting).</param>
/// <param name="Stage">The stage that failed, for <c>stage_error</c>.</param>
/// <param name="Excerpt">The start of the raw record, for inspection.</param>
/// <param name="ByteStart">For a corrupt compressed unit or Parquet row group: the first byte of the damaged range in the file.</param>
/// <param name="ByteEnd">The end (exclusive) of the damaged range: where reading resumed.</param>
/// <param name="RecordsLost">For a corrupt unit: how many records it held (estimated from its decompressed bytes, which are not trusted).</param>
public sealed record QuarantineRecord(
    RecordLocation Location,
    string Error,
    string Kind,
    bool IsFileLevel = false,
    string? Stage = null,
    string? Excerpt = null,
    long? ByteStart = null,
    long? ByteEnd = null,
    long? RecordsLost = null);
