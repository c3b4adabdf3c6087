// Hand-written: an incremental RFC 4180 reader over bytes. The SwiftCSV package on the mirror parses whole
// strings in memory; an S3 Inventory file is read piece by piece as it is inflated.

/// Splits CSV bytes fed piece by piece into records (RFC 4180: `"` quotes a field, `""` is a quote inside one,
/// records end with LF or CRLF; a record may span pieces). Fields are handed out as bytes.
public struct CSVRecordReader {
    private var fields: [[UInt8]] = []
    private var field: [UInt8] = []
    private var inQuotes = false
    /// The previous byte closed a quoted part: a `"` now is an escaped quote.
    private var quoteClosed = false
    private var fieldStarted = false
    /// Records handed out so far.
    public private(set) var records = 0

    public init() {}

    /// Reads `bytes`, calling `record` with the fields of every record they complete.
    public mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, _ record: ([[UInt8]]) throws -> Void) rethrows {
        for b in bytes {
            if inQuotes {
                if b == UInt8(ascii: "\"") { inQuotes = false; quoteClosed = true } else { field.append(b) }
                continue
            }
            switch b {
            case UInt8(ascii: "\""):
                if quoteClosed { field.append(b) }  // "" inside a quoted field
                inQuotes = true
                quoteClosed = false
                fieldStarted = true
            case UInt8(ascii: ","):
                fields.append(field)
                field.removeAll(keepingCapacity: true)
                quoteClosed = false
                fieldStarted = true
            case UInt8(ascii: "\n"):
                try endRecord(record)
            case UInt8(ascii: "\r"):
                quoteClosed = false  // the LF that follows ends the record
            default:
                field.append(b)
                quoteClosed = false
                fieldStarted = true
            }
        }
    }

    /// Hands out a last record that has no line end.
    public mutating func finish(_ record: ([[UInt8]]) throws -> Void) rethrows {
        if fieldStarted || !fields.isEmpty || !field.isEmpty { try endRecord(record) }
    }

    private mutating func endRecord(_ record: ([[UInt8]]) throws -> Void) rethrows {
        quoteClosed = false
        if !fieldStarted && fields.isEmpty && field.isEmpty { return }  // a blank line
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        records += 1
        defer { fields.removeAll(keepingCapacity: true); fieldStarted = false }
        try record(fields)
    }
}
