// The town search's key and ranking: geo/inputs/townnames.py in the browser. RULES is
// that module's KEY_RULES (key_rules_json), so both apply one table of rules.
window.idlibTownSearch = (function (rules) {
    var rewrite = rules.rewrite.map(function (r) { return [new RegExp(r[0], "g"), r[1]]; });
    var doubled = /(.)\1+/g;
    function key(text) {
        var plain = String(text).toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
        plain = Array.from(plain).filter(function (c) { return rules.drop.indexOf(c) < 0; })
            .map(function (c) { return rules.map[c] || c; }).join("");
        var words = plain.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
        var kept = words.filter(function (w) { return rules.articles.indexOf(w) < 0; });
        return (kept.length ? kept : words).map(function (word) {
            rewrite.forEach(function (r) { word = word.replace(r[0], r[1]); });
            return word.replace(doubled, "$1");
        }).join("");
    }
    function skeleton(k) {
        return Array.from(k).filter(function (c) { return rules.vowels.indexOf(c) < 0; })
            .join("").replace(doubled, "$1");
    }
    function tier(query, k) {
        if (k === query) { return 0; }
        if (k.indexOf(query) === 0) { return 1; }
        if (k.indexOf(query) > 0) { return 2; }
        var bones = skeleton(query);
        if (bones.length < rules.skeleton_min) { return null; }
        var kb = skeleton(k);
        if (kb.indexOf(bones) === 0) { return 3; }
        return kb.indexOf(bones) > 0 ? 4 : null;
    }
    // entries: [name, [key of each spelling]]; the names that match, the best first.
    function rank(text, entries) {
        var wanted = key(text);
        if (!wanted) { return []; }
        var ranked = [];
        entries.forEach(function (entry) {
            var best = null;
            entry[1].forEach(function (k) {
                var t = k ? tier(wanted, k) : null;
                if (t !== null && (best === null || t < best[0] ||
                                   (t === best[0] && k.length < best[1]))) {
                    best = [t, k.length];
                }
            });
            if (best) { ranked.push([best[0], best[1], entry[0]]); }
        });
        ranked.sort(function (a, b) {
            return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
        });
        return ranked.map(function (r) { return r[2]; });
    }
    return {key: key, rank: rank};
})(RULES);
