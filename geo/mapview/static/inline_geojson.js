{#- Jinja template: the script of InlineGeoJson (geo/mapview), with "this" the element. -#}
var {{ this.get_name() }} = (function (group, key) {
    {%- if this.key %}
    // The shapes the group already holds (drawn by an earlier step): nothing on the map changes.
    if (group.idlibShapes === key) { return group.idlibLayer; }
    group.clearLayers();
    group.idlibShapes = key;
    {%- endif %}
    return (group.idlibLayer = L.geoJSON(
        {"type": "FeatureCollection", "features": [{{ this.features|join(",") }}]}, {
        {%- if this.pane %} pane: {{ this.pane|tojson }}, {% endif %}
        style: {{ this.style|tojson }}
    }).bindTooltip(function (layer) {
        return idlibRows({{ this.tooltip|tojson }}, layer.feature.properties, {});
    }, {sticky: true}).addTo(group));
})({{ this.map_name }}, {{ this.key|tojson }});
