{#- Jinja template: the script of InlineGeoJson (geo/mapview), with "this" the element.
    Kept shapes (a key) are made only when the group holds other ones (idlibKeep: view.js). -#}
var {{ this.get_name() }} = {% if this.key %}idlibKeep({{ this.map_name }}, {{ this.key|tojson }}, function () { return {% endif %}L.geoJSON(
    {"type": "FeatureCollection", "features": [{{ this.features|join(",") }}]}, {
    {%- if this.pane %} pane: {{ this.pane|tojson }}, {% endif %}
    style: {{ this.style|tojson }}
}).bindTooltip(function (layer) {
    return idlibRows({{ this.tooltip|tojson }}, layer.feature.properties, {});
}, {sticky: true}){% if this.key %}; });{% else %}.addTo({{ this.map_name }});{% endif %}
