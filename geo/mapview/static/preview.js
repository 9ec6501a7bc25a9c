// The zone follows the finger: while a depth slider of the page moves, draw the zone for its
// current value from the bands of every grid step (geo/mapview/preview.py), loaded once after
// the map is first drawn. The sliders are Streamlit's own, in the page around this frame (the
// same origin): their live value is read from the page, never sent to the server. When a
// slider is let go, the map asks the server's own route for the exact zone of its values
// (ui/routes.py) and draws it at once; without that route, the exact zone comes with the
// page's rerun. The rerun's layers are then the ones drawn, and leave the map as it is.
// Keys move a slider a step at a time: the map asks ahead for the next step's zone, so that
// a key press is drawn from an answer already there.
(function (map) {
    var STYLE = PREVIEW_STYLE, BANDS = BAND_NAMES, KEYS = ["min_km", "max_km"];
    var pane = map.createPane("idlibPreview");
    pane.style.zIndex = 351;
    pane.style.pointerEvents = "none";
    function layer(style) {
        return L.polygon([], L.extend({pane: "idlibPreview", interactive: false, stroke: false}, style));
    }
    var core = layer(STYLE.core), outer = layer(STYLE.outer);
    var label = L.DomUtil.create("div", "idlib-preview-label", map.getContainer());
    label.dir = window.IDLIB_TEXT.dir;
    label.setAttribute("role", "status");
    var state = {body: null, url: null, step: null, tries: 0, last: null, drawn: null, frame: 0,
                 watching: null, decoded: {}, held: false, asking: null, exact: null,
                 answers: {}, rest: 0};
    // How long the finger rests on a value before its exact zone is asked for (ms), and
    // how many answers are kept.
    var REST_MS = 100, ANSWERS_KEPT = 8;
    // The keys that move a slider one step, and which way.
    var KEY_STEPS = {ArrowRight: 1, ArrowUp: 1, ArrowLeft: -1, ArrowDown: -1};

    function load() {
        var url = state.url;
        if (!url || state.body || state.loading) { return; }
        state.loading = true;
        function later() {
            state.loading = false;
            if (state.tries++ < 30) { setTimeout(load, Math.min(500 * state.tries, 5000)); }
        }
        // Asked again until the server has packed the bands (the file says "pending").
        fetch(url, {cache: state.tries ? "no-cache" : "default"}).then(function (answer) {
            if (!answer.ok) { throw new Error(answer.status); }
            var text = answer.body.pipeThrough(new DecompressionStream("gzip"));
            return new Response(text).json();
        }).then(function (body) {
            if (body.pending) { later(); return; }
            state.body = body; state.loading = false; schedule();
        }).catch(later);
    }

    function rings(side, index) {
        var key = side + "/" + index, found = state.decoded[key];
        if (found) { return found; }
        var steps = state.body.sides[side], step = steps[index], scale = state.body.scale;
        if (typeof step === "number") { return (state.decoded[key] = rings(side, step)); }
        found = step.map(function (polygon) {
            return polygon.map(function (flat) {
                var out = [], x = 0, y = 0;
                for (var i = 0; i < flat.length; i += 2) {
                    x += flat[i]; y += flat[i + 1];
                    out.push(L.latLng(y / scale, x / scale));
                }
                return out;
            });
        });
        return (state.decoded[key] = found);
    }

    function sliders() {
        try {
            var doc = window.parent.document;
            return KEYS.map(function (key) {
                return doc.querySelector(".st-key-" + key + " input[type=range]") ||
                       doc.querySelector(".st-key-" + key + " [role=slider]");
            });
        } catch (e) { return [null, null]; }
    }

    function values() {
        var inputs = sliders();
        if (!inputs[0] || !inputs[1]) { return null; }
        var now = inputs.map(function (e) {
            return parseFloat(e.value !== undefined && e.value !== "" ? e.value : e.getAttribute("aria-valuenow"));
        });
        // The page's rule (ui/controls.py): the slider that moved pushes the other one.
        // Which one moved is told by the sliders' own values, not by the pushed ones: the
        // pushed slider itself stays where it was until the server has answered.
        var last = state.last || now;
        state.last = now.slice();
        if (now[0] > now[1]) {
            if (now[0] !== last[0]) { now[1] = now[0]; } else { now[0] = now[1]; }
        }
        return now;
    }

    function hide() {
        if (!state.drawn) { return; }
        map.removeLayer(core); map.removeLayer(outer);
        map.getContainer().classList.remove("idlib-previewing");
        label.textContent = "";
        state.drawn = null;
    }

    // Whether the map shows the exact zone of these values: the last step's, or the
    // one drawn from the route since.
    function exactShown(step, key) { return key === step.asked.join("/") || key === state.exact; }

    function draw() {
        state.frame = 0;
        var step = state.step, now = values();
        if (!step || !now || !state.body || !state.body.sides[step.side]) { return; }
        var key = now.join("/");
        if (exactShown(step, key)) { hide(); return; }
        if (state.drawn === key) { return; }
        var size = state.body.step_km;
        var inner = rings(step.side, Math.round(now[0] / size));
        core.setLatLngs(inner);
        outer.setLatLngs(rings(step.side, Math.round(now[1] / size)).concat(inner));
        if (!state.drawn) {
            core.addTo(map); outer.addTo(map);
            map.getContainer().classList.add("idlib-previewing");
        }
        label.textContent = window.IDLIB_TEXT.preview.replace("{min}", now[0]).replace("{max}", now[1]);
        state.drawn = key;
        window.__idlibPreviewDraws = (window.__idlibPreviewDraws || 0) + 1;
    }

    function schedule() {
        if (!state.frame) { state.frame = requestAnimationFrame(draw); }
        clearTimeout(state.rest);
        if (state.held) { state.rest = setTimeout(resting, REST_MS); }
    }

    // The exact zone of some values, asked for once: a promise of its layers script, or of
    // null (the route is not served, or refused them). The last few are kept.
    function ask(step, now) {
        var url = step.exact + "&min_km=" + now[0] + "&max_km=" + now[1];
        if (!state.answers[url]) {
            var keys = Object.keys(state.answers);
            if (keys.length >= ANSWERS_KEPT) { delete state.answers[keys[0]]; }
            state.answers[url] = fetch(url).then(function (answer) {
                // A proxy, or Streamlit itself, may answer a path it does not know with a page.
                var script = /javascript/.test(answer.headers.get("content-type") || "");
                return answer.ok && script ? answer.text() : null;
            }).catch(function () { return null; });
        }
        return state.answers[url];
    }

    // The finger rests on the slider: ask for that zone now, to draw it when let go.
    function resting() {
        var step = state.step, now = values();
        if (state.held && step && step.exact && now) { ask(step, now); }
    }

    // The slider is let go at values the map does not show: draw their exact zone.
    function exact() {
        var step = state.step, now = values();
        if (!step || !step.exact || !now || state.held) { return; }
        var key = now.join("/");
        if (exactShown(step, key) || key === state.asking) { return; }
        state.asking = key;
        ask(step, now).then(function (layers) {
            var still = values();
            if (state.asking !== key) { return; }
            state.asking = null;
            if (!layers || !still || still.join("/") !== key || state.held) { return; }
            // The layers script of a step (ui/loaders.py: step_layers), run as the map's
            // component runs it: in the frame's global scope.
            (0, eval)(layers);
            idlibForgetKept(map);
            idlibKeepHidden(map);
            state.exact = key;
            hide();
            window.__idlibExactDraws = (window.__idlibExactDraws || 0) + 1;
        });
    }

    // A key moves a depth one step, and is often pressed again: once it has, ask for the
    // zone one more step that way, so that the next press is drawn as soon as it comes;
    // and a slider reached with the keyboard asks for one step each way.
    function ahead(way, target) {
        var step = state.step, now = values(), inputs = sliders();
        var moved = inputs.findIndex(function (e) { return e && e.contains(target); });
        if (!step || !step.exact || !now || !way || moved < 0) { return; }
        var next = now.slice(), slider = inputs[moved];
        var top = parseFloat(slider.max || slider.getAttribute("aria-valuemax"));
        next[moved] = now[moved] + way * step.step_km;
        if (next[moved] < 0 || next[moved] > top) { return; }
        // The page's rule, as in values(): the slider that moves pushes the other one.
        if (next[0] > next[1]) { next[1 - moved] = next[moved]; }
        ask(step, next);
    }

    function watch() {
        var doc;
        try { doc = window.parent.document; } catch (e) { return; }
        if (state.watching === doc) { return; }
        state.watching = doc;
        new MutationObserver(schedule).observe(doc.body, {
            subtree: true, attributes: true,
            attributeFilter: ["value", "aria-valuetext", "aria-valuenow"]
        });
        doc.addEventListener("pointerdown", function () { state.held = true; }, true);
        // Once the slider has its last value: by the next task, or else the next frame,
        // which comes late on a busy machine.
        function soon(then) { setTimeout(then, 0); requestAnimationFrame(then); }
        ["pointerup", "pointercancel"].forEach(function (name) {
            doc.addEventListener(name, function () { state.held = false; soon(exact); }, true);
        });
        // A key moves the slider at once, and Streamlit sends its value at once too.
        doc.addEventListener("keydown", function (event) {
            var way = KEY_STEPS[event.key], target = event.target;
            soon(function () { exact(); ahead(way, target); });
        }, true);
        doc.addEventListener("focusin", function (event) {
            var target = event.target;
            if (target.matches && target.matches(":focus-visible")) {
                ahead(1, target); ahead(-1, target);
            }
        }, true);
    }

    // Called with every zone the server draws (geo/mapview/static/view.js).
    window.idlibPreview = function (overlays, step) {
        if (!step) { return; }
        BANDS.forEach(function (name) {
            var group = overlays[name];
            if (!group) { return; }
            group.eachLayer(function (shapes) {
                (shapes.eachLayer ? shapes : L.layerGroup([shapes])).eachLayer(function (shape) {
                    var element = shape.getElement && shape.getElement();
                    if (element) { element.classList.add("idlib-band"); }
                });
            });
        });
        var first = !state.step;
        state.step = step;
        state.exact = null;  // this step's zone is the one drawn
        if (state.url !== step.url) { state.url = step.url; state.body = null; state.decoded = {}; state.tries = 0; }
        watch();
        if (first) { setTimeout(load, 0); } else { load(); }
        state.drawn = state.drawn && "stale";
        draw();
    };
    // Whether the bands are loaded (for tests and the benchmark).
    window.idlibPreview.ready = function () { return !!state.body; };
})({map});
