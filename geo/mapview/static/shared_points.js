{#- Jinja template: the script of SharedPoints (geo/mapview), with "this" the element. -#}
var {{ this.get_name() }} = (function (store, key) {
    var kept = store[key], state = {{ this.state|tojson }};
    var bands = {{ this.bands|tojson }}, colors = {{ this.colors|tojson }};
    function style(code) {
        return {color: code >= 3 ? colors.borderline : colors.edge,
                weight: code >= 3 ? 2.5 : 1,
                fillColor: code % 3 ? colors.inside : colors.outside};
    }
    if (kept) {
        var before = kept.state;
        kept.state = state;
        kept.bands = bands;
        kept.layer.eachLayer(function (layer) {
            var i = layer.feature.properties.i;
            if (before.charAt(i) !== state.charAt(i)) {
                layer.setStyle(style(+state.charAt(i)));
            }
            if (layer.isPopupOpen()) { layer.getPopup().update(); }
        });
        return kept.layer;
    }
    kept = store[key] = {state: state, bands: bands};
    function rows(which, p) {
        var code = +kept.state.charAt(p.i);
        return idlibRows(which, p, {band: kept.bands[code % 3],
            borderline: code >= 3 ? window.IDLIB_TEXT.borderlineYes : window.IDLIB_TEXT.borderlineNo});
    }
    kept.layer = L.geoJSON(window.IDLIB_BASE[key], {
        pointToLayer: function (f, latlng) {
            return L.circleMarker(latlng, Object.assign(
                {radius: f.properties.radius || {{ this.radius }}, fillOpacity: 0.9},
                style(+state.charAt(f.properties.i))));
        },
        onEachFeature: function (f, layer) {
            var tooltip = {{ this.tooltip|tojson }}, popup = {{ this.popup|tojson }};
            layer.bindTooltip(function () { return rows(tooltip, f.properties); });
            layer.bindPopup(function () { return rows(popup, f.properties); },
                            {maxWidth: 320});
        }
    });
    return kept.layer;
})(window.IDLIB_POINTS = window.IDLIB_POINTS || {}, {{ this.key|tojson }});
