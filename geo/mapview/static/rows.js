// A row without a value (no doubt about a figure, say) is left out.
function idlibRows(rows, p, extra) {
    // Right to left in Arabic (window.IDLIB_TEXT.dir), inside a map that stays left to right.
    var dir = (window.IDLIB_TEXT && window.IDLIB_TEXT.dir) || "ltr";
    return '<div dir="' + dir + '">' + rows.map(function (r) {
        var v = r[0] in extra ? extra[r[0]] : p[r[0]];
        if (v === null || v === undefined || v === "") { return null; }
        return (r[1] ? "<b>" + r[1] + "</b> " : "") + v;
    }).filter(function (line) { return line !== null; }).join("<br>") + "</div>";
}
