(function (map) {
    // The map sits in a longer page: on a touch screen one finger scrolls the page and two
    // move the map (leaflet-gesture-handling); a mouse drags the map as always.
    if (!map.gestureHandling || !window.matchMedia("(hover: none)").matches) { return; }
    // Its words in the map's language (window.IDLIB_TEXT), not the browser's.
    map.options.gestureHandlingOptions = Object.assign({}, map.options.gestureHandlingOptions,
        {text: window.IDLIB_TEXT.gestures});
    map.gestureHandling.enable();
})({map});
