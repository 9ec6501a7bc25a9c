function idlibRows(rows, p, extra) {
    return rows.map(function (r) {
        var v = r[0] in extra ? extra[r[0]] : p[r[0]];
        return (r[1] ? "<b>" + r[1] + "</b> " : "") + (v === null || v === undefined ? "" : v);
    }).join("<br>");
}
