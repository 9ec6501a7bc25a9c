L.Icon.Default.imagePath = "";
L.Icon.Default.mergeOptions({iconUrl: MARKER, iconRetinaUrl: MARKER, shadowUrl: BLANK});
(function (map) {
    var tooltips = map.getPane("tooltipPane");
    map.on("popupopen", function () { tooltips.classList.add("idlib-popup-open"); });
    map.on("popupclose", function () { tooltips.classList.remove("idlib-popup-open"); });
    function zoomClasses() {
        var box = map.getContainer(), z = map.getZoom();
        box.classList.toggle("idlib-zoom-lt9", z < 8.5);
        box.classList.toggle("idlib-zoom-lt11", z < 11);
    }
    map.on("zoomend", zoomClasses);
    zoomClasses();
})({map});
