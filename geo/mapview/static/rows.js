// A row without a value (no doubt about a figure, say) is left out.
function idlibRows(rows, p, extra) {
    return rows.map(function (r) {
        var v = r[0] in extra ? extra[r[0]] : p[r[0]];
        if (v === null || v === undefined || v === "") { return null; }
        return (r[1] ? "<b>" + r[1] + "</b> " : "") + v;
    }).filter(function (line) { return line !== null; }).join("<br>");
}
