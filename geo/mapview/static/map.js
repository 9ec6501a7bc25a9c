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

    // The map's buttons are drawn over popups: a popup fits in the space they leave (from
    // the left-hand column of buttons to the right edge, under the top-right buttons,
    // above the bottom ones), and is panned into it.
    var GAP = 6, MARGINS = 46, TIP = 60;
    function reach(corner, measure) {
        var most = 0, frame = map.getContainer().getBoundingClientRect();
        map.getContainer().querySelectorAll(corner + " > .leaflet-control").forEach(function (c) {
            var box = c.getBoundingClientRect();
            if (box.width && box.height) { most = Math.max(most, measure(box, frame)); }
        });
        return most + GAP;
    }
    function fitPopup(e) {
        var popup = e.popup, size = map.getSize();
        var left = reach(".leaflet-top.leaflet-left", function (b, f) { return b.right - f.left; });
        var top = reach(".leaflet-top.leaflet-right", function (b, f) { return b.bottom - f.top; });
        var bottom = reach(".leaflet-bottom", function (b, f) { return f.bottom - b.top; });
        popup.idlibWidest = popup.idlibWidest || popup.options.maxWidth;
        popup.options.maxWidth = Math.max(Math.min(popup.idlibWidest, size.x - left - GAP - MARGINS), 120);
        popup.options.maxHeight = Math.max(size.y - top - bottom - TIP, 120);
        popup.options.autoPanPaddingTopLeft = L.point(left, top);
        popup.options.autoPanPaddingBottomRight = L.point(GAP, bottom);
        popup.update();
    }
    map.on("popupopen", fitPopup);
})({map});
