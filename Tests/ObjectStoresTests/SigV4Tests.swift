import Foundation
import ObjectStores
import Testing

/// The signer against the worked examples in AWS's S3 documentation (Signature Version 4): "Example: GET Object"
/// (header-based, `Range: bytes=0-9`) and the presigned-URL example (query-string auth, 86400 s).
@Suite("SigV4")
struct SigV4Tests {
    let signer = SigV4(accessKey: "AKIAIOSFODNN7EXAMPLE", secretKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1")
    let date = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z

    @Test("GET Object with a range: canonical request, string to sign and signature match AWS's example")
    func getObject() {
        let s = signer.sign(method: "GET", path: "/test.txt", query: [],
                            headers: [("Host", "examplebucket.s3.amazonaws.com"), ("Range", "bytes=0-9"),
                                      ("x-amz-content-sha256", Digests.emptySHA256), ("x-amz-date", "20130524T000000Z")],
                            payloadHash: Digests.emptySHA256, date: date)
        #expect(s.canonicalRequest == """
        GET
        /test.txt

        host:examplebucket.s3.amazonaws.com
        range:bytes=0-9
        x-amz-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        x-amz-date:20130524T000000Z

        host;range;x-amz-content-sha256;x-amz-date
        e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
        """)
        #expect(s.stringToSign.hasSuffix("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972"))
        #expect(s.signature == "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41")
    }

    @Test("presigned URL matches AWS's example")
    func presign() {
        let (url, s) = signer.presign(scheme: "https", host: "examplebucket.s3.amazonaws.com", path: "/test.txt", expires: 86400, date: date)
        #expect(Digests.hex(Digests.sha256(Array(s.canonicalRequest.utf8))) == "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04")
        #expect(s.signature == "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
        #expect(url == "https://examplebucket.s3.amazonaws.com/test.txt?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404")
    }

    @Test("a wrong secret gives another signature")
    func wrongSecret() {
        var other = signer
        other.secretKey = "x"
        let a = signer.sign(method: "GET", path: "/", query: [], headers: [("host", "h")], payloadHash: Digests.emptySHA256, date: date)
        let b = other.sign(method: "GET", path: "/", query: [], headers: [("host", "h")], payloadHash: Digests.emptySHA256, date: date)
        #expect(a.signature != b.signature)
    }
}
