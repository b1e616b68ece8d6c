import Crypto
import Foundation

/// The style sheet and script inlined into every HTML report, and the Content-Security-Policy that admits exactly
/// them (by hash) and nothing else: no fetch, no font, no image, no other script, even if text escaped its escaping.
enum HTMLAssets {
    static let style = """

    :root { --fg: #1d2329; --muted: #5c6670; --line: #d5dbe1; --bg: #fff; --panel: #f5f7f9; --ok: #1a7f37;
            --bad: #c62828; --bad-bg: #fdecea; --warn: #9a6700; --warn-bg: #fff8c5; --note: #0969da; --code: #eef1f4; }
    * { box-sizing: border-box; }
    body { margin: 0; padding: 1.5rem 2rem 3rem; color: var(--fg); background: var(--bg);
           font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; max-width: 82rem; }
    code, pre, .name, .detail, .caption { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, monospace; }
    code { background: var(--code); padding: 0 .25em; border-radius: 3px; font-size: .9em; overflow-wrap: anywhere; }
    h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
    h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; padding-top: 1rem; border-top: 2px solid var(--line); }
    h3 { font-size: 1.05rem; margin: 1.25rem 0 .25rem; }
    h4 { font-size: .95rem; margin: 1rem 0 .25rem; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
    .muted, .source { color: var(--muted); }
    .counts { color: var(--muted); }
    .cause { background: var(--panel); border-left: 5px solid var(--bad); padding: .75rem 1rem; border-radius: 4px; }
    .cause.healthy { border-left-color: var(--ok); }
    .cause p { margin: .25rem 0; }
    .cause .reason { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; overflow-wrap: anywhere; }
    .explained.no { color: var(--warn); }
    .badge { display: inline-block; min-width: 4.5em; text-align: center; border-radius: 3px; padding: 0 .4em; font-size: .8em;
             font-weight: 700; text-transform: uppercase; color: #fff; vertical-align: .1em; }
    .badge.error { background: var(--bad); } .badge.warning { background: var(--warn); } .badge.note { background: var(--note); }
    .badge.new { background: #6f42c1; } .badge.known { background: var(--muted); } .badge.explains { background: #333; }
    .finding { border: 1px solid var(--line); border-radius: 6px; padding: .25rem 1rem 1rem; margin: 1rem 0; }
    .finding.error { border-left: 5px solid var(--bad); } .finding.warning { border-left: 5px solid var(--warn); }
    .finding.note { border-left: 5px solid var(--note); }
    .resources code.blocking { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
    ol.evidence li { margin: .15rem 0; }
    .fix { margin: .5rem 0 .75rem; }
    .fix .verified { color: var(--ok); font-weight: 600; } .fix .unproven { color: var(--warn); font-weight: 600; }
    details { margin: .25rem 0; } summary { cursor: pointer; color: var(--note); }
    .code { position: relative; }
    pre { background: var(--code); padding: .6rem .8rem; border-radius: 4px; overflow-x: auto; font-size: .85em; margin: .25rem 0; }
    button.copy { position: absolute; top: .3rem; right: .3rem; font: inherit; font-size: .8em; cursor: pointer;
                  border: 1px solid var(--line); background: var(--bg); border-radius: 3px; padding: .05rem .5rem; }
    figure.path { margin: .75rem 0 1rem; }
    figcaption { font-weight: 600; margin-bottom: .35rem; }
    .outcome.blocked { color: var(--bad); } .outcome.reachable { color: var(--ok); } .outcome.unknown { color: var(--warn); }
    svg.diagram { max-width: 100%; height: auto; display: block; }
    .node rect { fill: #f0f7f1; stroke: var(--ok); stroke-width: 1.5; }
    .node.block rect { fill: var(--bad-bg); stroke: var(--bad); stroke-width: 3.5; }
    .node.unknown rect { fill: var(--warn-bg); stroke: var(--warn); stroke-width: 2.5; stroke-dasharray: 6 4; }
    .node.warn rect { fill: var(--warn-bg); stroke: var(--warn); }
    .node.unreached rect { fill: #f2f2f2; stroke: #9aa4ad; stroke-dasharray: 4 4; }
    .node text { font-size: 12px; fill: var(--fg); }
    .node .caption { font-size: 10.5px; fill: var(--muted); }
    .node .name { font-size: 12.5px; font-weight: 600; }
    .node .mark { font-size: 15px; font-weight: 700; fill: var(--ok); }
    .node.block .mark, .node.block .verdict { fill: var(--bad); } .node.unknown .mark, .node.unknown .verdict { fill: var(--warn); }
    .node.unreached .mark, .node.unreached .name { fill: #7a848d; }
    .node .verdict { font-size: 11px; font-weight: 700; text-transform: uppercase; }
    .link { fill: none; stroke: #7a848d; stroke-width: 1.5; } .link.dashed { stroke-dasharray: 5 4; } .arrow { fill: #7a848d; }
    .blocked-by { background: var(--bad-bg); border-radius: 4px; padding: .4rem .7rem; margin: .5rem 0; }
    .path.unknown .blocked-by { background: var(--warn-bg); }
    .hop-warning { background: var(--warn-bg); border-radius: 4px; padding: .3rem .7rem; }
    table { border-collapse: collapse; margin: .4rem 0; font-size: .88em; width: 100%; }
    th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
    thead th { background: var(--panel); }
    table.hops code { overflow-wrap: normal; white-space: nowrap; }
    tr.deciding td, tr.deciding th { background: var(--bad-bg); font-weight: 600; }
    tr.allow td:nth-child(3) { color: var(--ok); } tr.none td, tr.none th, tr.note td { color: var(--muted); }
    .iam { border: 1px solid var(--line); border-radius: 4px; padding: .25rem .75rem .5rem; margin: .5rem 0; }
    .iam .call { margin: .3rem 0 0; } .iam .why { margin: 0 0 .3rem; color: var(--muted); }
    .decision { font-weight: 700; } .decision.allowed { color: var(--ok); }
    .decision.implicitDeny, .decision.explicitDeny { color: var(--bad); } .decision.unknown { color: var(--warn); }
    #services td.number, #services th.number { text-align: right; }
    #services thead th[data-key] { cursor: pointer; user-select: none; white-space: nowrap; }
    #services th[aria-sort="ascending"]::after { content: " ▲"; } #services th[aria-sort="descending"]::after { content: " ▼"; }
    .controls { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; flex-wrap: wrap; }
    .controls input[type=search] { font: inherit; padding: .2rem .4rem; min-width: 18rem; }
    .status.error { color: var(--bad); } .status.warning { color: var(--warn); } .status.clean { color: var(--ok); }
    .notices li { background: var(--warn-bg); }
    footer { margin-top: 3rem; color: var(--muted); font-size: .85em; }
    @media print { button.copy, .controls { display: none; } .finding { break-inside: avoid; } }

    """

    static let script = """

    (function () {
      "use strict";
      function copyByHand(text) {
        var area = document.createElement("textarea");
        area.value = text;
        document.body.appendChild(area);
        area.select();
        document.execCommand("copy");
        area.remove();
      }
      document.querySelectorAll("button.copy").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () {
          var text = document.getElementById(button.getAttribute("data-copy")).textContent;
          var done = function () { button.textContent = "Copied"; };
          if (navigator.clipboard && window.isSecureContext) {
            navigator.clipboard.writeText(text).then(done, function () { copyByHand(text); done(); });
          } else {
            copyByHand(text);
            done();
          }
        });
      });
      var table = document.getElementById("services");
      if (table) {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var filter = document.getElementById("filter");
        var only = document.getElementById("only-findings");
        var headers = Array.prototype.slice.call(table.querySelectorAll("thead th[data-key]"));
        var current = { key: "", descending: false };
        var value = function (row, key) {
          var cell = row.querySelector("td[data-key=" + key + "]");
          return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
        };
        var sort = function (key, descending) {
          var numeric = table.querySelector("th[data-key=" + key + "]").getAttribute("data-type") === "number";
          var keyed = rows.map(function (row, index) {
            var cell = value(row, key);
            return { row: row, index: index, value: numeric ? Number(cell) : cell };
          });
          keyed.sort(function (a, b) {
            var order = numeric ? a.value - b.value : a.value.localeCompare(b.value);
            return order !== 0 ? (descending ? -order : order) : a.index - b.index;
          });
          var sorted = document.createDocumentFragment();
          keyed.forEach(function (entry) { sorted.appendChild(entry.row); });
          body.appendChild(sorted);
          headers.forEach(function (header) {
            var sorted = header.getAttribute("data-key") === key;
            header.setAttribute("aria-sort", sorted ? (descending ? "descending" : "ascending") : "none");
          });
          current = { key: key, descending: descending };
          table.setAttribute("data-sort", (descending ? "-" : "") + key);
        };
        var apply = function () {
          var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
          var shown = 0;
          rows.forEach(function (row) {
            var text = row.textContent.toLowerCase();
            var hide = words.some(function (word) { return text.indexOf(word) < 0; })
              || (only.checked && row.getAttribute("data-findings") === "0");
            row.hidden = hide;
            if (!hide) { shown += 1; }
          });
          table.setAttribute("data-shown", String(shown));
          document.getElementById("shown").textContent = shown + " of " + rows.length + " shown";
        };
        headers.forEach(function (header) {
          header.tabIndex = 0;
          var toggle = function () {
            var key = header.getAttribute("data-key");
            sort(key, current.key === key ? !current.descending : header.getAttribute("data-type") === "number");
          };
          header.addEventListener("click", toggle);
          header.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === " ") { event.preventDefault(); toggle(); }
          });
        });
        filter.addEventListener("input", apply);
        only.addEventListener("change", apply);
        var state = new URLSearchParams(location.hash.slice(1));
        if (state.has("q")) { filter.value = state.get("q"); }
        if (state.get("findings") === "1") { only.checked = true; }
        var requested = /^(-?)([a-z]+)$/.exec(state.get("sort") || "");
        if (requested && table.querySelector("th[data-key=" + requested[2] + "]")) { sort(requested[2], requested[1] === "-"); }
        document.getElementById("controls").hidden = false;
        apply();
      }
      document.documentElement.setAttribute("data-ready", "1");
    })();

    """

    /// Admits the inline style sheet and script by their SHA-256 and nothing else.
    static let contentSecurityPolicy = "default-src 'none'; style-src '\(hash(style))'; script-src '\(hash(script))'; "
        + "base-uri 'none'; form-action 'none'"

    private static func hash(_ text: String) -> String {
        "sha256-" + Data(SHA256.hash(data: Data(text.utf8))).base64EncodedString()
    }
}
