/// Builds Deck pages shaped like the reports the Flyte 2 SDK flushes (`flyte.report`): a tab bar, one `<div>`
/// per tab, inline style and a tab-switching script.
enum DeckHTML {
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A full report page with the given tabs (name, inner HTML).
    static func page(tabs: [(String, String)]) -> String {
        let nav = tabs.map { "<li onclick=\"handleLinkClick(this)\">\(escape($0.0))</li>" }.joined()
        let body = tabs.map { "<div>\($0.1)</div>" }.joined()
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="UTF-8"><title>Flyte Report</title>
        <style>body{font-family:sans-serif;margin:0}#flyte-frame-nav{display:flex;background:#1b1b1f;color:#fff}
        #flyte-frame-nav li{list-style:none;padding:8px 16px;cursor:pointer}.active{border-bottom:2px solid #7652a2}
        table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:4px 8px}</style></head>
        <body><nav id="flyte-frame-nav"><ul id="flyte-frame-tabs">\(nav)</ul></nav>
        <div id="flyte-frame-container">\(body)</div>
        <script>function handleLinkClick(e){const t=document.querySelectorAll("#flyte-frame-tabs li");
        const c=document.querySelectorAll("#flyte-frame-container > div");t.forEach((x,i)=>{x.classList.remove("active");
        c[i].style.display="none";if(x===e){x.classList.add("active");c[i].style.display="block"}})}
        document.addEventListener("DOMContentLoaded",()=>handleLinkClick(document.querySelector("#flyte-frame-tabs li")));</script>
        </body></html>
        """
    }

    /// An HTML table from a header and rows.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        "<table><thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { "<tr>" + $0.map { "<td>\(escape($0))</td>" }.joined() + "</tr>" }.joined()
            + "</tbody></table>"
    }
}
