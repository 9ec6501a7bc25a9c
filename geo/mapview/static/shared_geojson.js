{#- Jinja template: the script of SharedGeoJson (geo/mapview), with "this" the element. -#}
var {{ this.get_name() }} = L.geoJSON(window.IDLIB_BASE[{{ this.key|tojson }}], {
    {%- if this.pane %} pane: {{ this.pane|tojson }}, {% endif %}
    interactive: {{ (this.tooltip|length > 0)|tojson }},
    style: function (f) {
        var by = {{ this.style_by|tojson }};
        var extra = by ? (by[1][f.properties[by[0]]] || {}) : {};
        return Object.assign({}, {{ this.style|tojson }}, extra);
    },
    pointToLayer: function (f, latlng) { return L.circleMarker(latlng); },
    onEachFeature: function (f, layer) {
        var rows = {{ this.tooltip|tojson }};
        if (rows.length) {
            layer.bindTooltip(idlibRows(rows, f.properties, {}), {sticky: true});
        }
        {%- if this.on_click %}
        layer.on("click", function () {
            var act = window[{{ this.on_click|tojson }}];
            if (act) { act(f, layer); }
        });
        {%- endif %}
    }
});
