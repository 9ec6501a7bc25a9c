{#- Jinja template: the script of InlineGeoJson (geo/mapview), with "this" the element. -#}
var {{ this.get_name() }} = L.geoJSON(
    {"type": "FeatureCollection", "features": [{{ this.features|join(",") }}]}, {
    {%- if this.pane %} pane: {{ this.pane|tojson }}, {% endif %}
    style: {{ this.style|tojson }}
}).bindTooltip(function (layer) {
    return idlibRows({{ this.tooltip|tojson }}, layer.feature.properties, {});
}, {sticky: true}).addTo({{ this.map_name }});
