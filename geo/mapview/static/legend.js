{#- Jinja template: the script of Legend (geo/mapview), with "this" the element. -#}
(function(map) {
    var legend = L.control({position: "bottomleft"});
    legend.onAdd = function() {
        var div = L.DomUtil.create("div", "idlib-legend");
        div.dir = window.IDLIB_TEXT.dir;
        div.innerHTML = {{ this.body|tojson }};
        div.querySelector("details").open = map.getSize().x >= 560;
        L.DomEvent.disableClickPropagation(div);
        L.DomEvent.disableScrollPropagation(div);
        return div;
    };
    legend.addTo(map);
    L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
    // Fit the study area beside the legend, so the legend never hides the zone; the
    // frame may still be resized, so fit again until the user or the page (a town, a
    // linked view: map.idlibKeepView) moves the map.
    var touched = false;
    function fit() {
        if (touched || map.idlibKeepView) { return; }
        var box = legend.getContainer().getBoundingClientRect();
        // An open legend takes a column on the left; a folded one a line at the bottom.
        var open = legend.getContainer().querySelector("details").open;
        // Not animated: a zoom animation under way swallows the next setView (a town's).
        map.fitBounds({{ this.bounds|tojson }}, open
            ? {paddingTopLeft: [box.width + 10, 0], paddingBottomRight: [40, 0], animate: false}
            : {paddingTopLeft: [10, 10], paddingBottomRight: [10, box.height + 30],
               animate: false});
    }
    ["pointerdown", "wheel", "keydown"].forEach(function(name) {
        map.getContainer().addEventListener(name, function() { touched = true; });
    });
    map.on("resize", fit);
    fit();
    // Controls sit above every map pane: a tooltip under the legend (the line's, which
    // follows the mouse) fades the legend until the tooltip moves off it.
    var tooltip = null;
    function clearOfTooltip() {
        var box = legend.getContainer(), under = false;
        if (tooltip && tooltip.getElement()) {
            var a = tooltip.getElement().getBoundingClientRect(), b = box.getBoundingClientRect();
            under = a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        }
        box.classList.toggle("idlib-under-tooltip", under);
    }
    map.on("tooltipopen", function(e) { tooltip = e.tooltip; clearOfTooltip(); });
    map.on("tooltipclose", function() { tooltip = null; clearOfTooltip(); });
    map.on("mousemove", function() { if (tooltip) { clearOfTooltip(); } });
    var points = legend.getContainer().querySelector(".idlib-legend-points");
    map.on("overlayadd overlayremove", function(e) {
        if (e.name === {{ this.points_layer|tojson }}) {
            points.style.display = e.type === "overlayadd" ? "" : "none";
        }
    });
})({{ this.map_name }});
