import Foundation

/// A URL that lets whoever holds it GET one object until it expires, and what signed it.
public struct PresignedURL: Sendable, Equatable {
    public var url: String
    /// When the URL stops working.
    public var expires: Date
    /// How it was signed, for people deciding whether to share it (`SigV4, AWS_PROFILE=dev`; never the secret).
    public var signedWith: String

    public init(url: String, expires: Date, signedWith: String) {
        self.url = url
        self.expires = expires
        self.signedWith = signedWith
    }
}
