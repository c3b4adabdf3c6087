import CCrypto
import CCurl
import CPostgres
import CSQLite
import Foundation
import Testing
@preconcurrency import CCurses

/// The C modules link and answer on this machine: what the object stores (curl, OpenSSL), the Postgres store (libpq)
/// and the terminal (ncursesw) are built on.
@Suite struct SystemLibrariesTests {
    @Test func opensslComputesTheFIPSVector() {
        // FIPS 180-2 appendix B.1: SHA-256("abc").
        var out = [UInt8](repeating: 0, count: 32)
        _ = SHA256(Array("abc".utf8), 3, &out)
        #expect(out.map { String(format: "%02x", $0) }.joined() == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func curlHasTLSAndHTTP2AndTheSetoptShimWorks() throws {
        let info = try #require(curl_version_info(CURLVERSION_ELEVENTH))
        #expect(info.pointee.ssl_version != nil)
        #expect(Int32(info.pointee.features) & CURL_VERSION_HTTP2 != 0)
        let h = try #require(curl_easy_init())
        defer { curl_easy_cleanup(h) }
        #expect(ccurl_setopt_long(h, CURLOPT_TIMEOUT_MS, 1000) == CURLE_OK)
        #expect(ccurl_setopt_str(h, CURLOPT_URL, "file:///dev/null") == CURLE_OK)
        #expect(curl_easy_perform(h) == CURLE_OK)
    }

    @Test func sqliteAndLibpqAreLinked() {
        #expect(String(cString: sqlite3_libversion()).hasPrefix("3."))
        #expect(PQlibVersion() >= 100000)
    }

    @Test func ncursesIsTheWideCharacterBuild() {
        #expect(String(cString: curses_version()).hasPrefix("ncurses 6"))
        #expect(ccurses_attr_bold() == 1 << 21, "A_BOLD = NCURSES_BITS(1, 13)")
        #expect(ccurses_attr_color_pair(3) == 3 << 8)
    }
}
