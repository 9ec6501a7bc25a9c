// The link box shows the page's address as it is now: the map writes its zoom, centre and
// layers into it without asking the server (geo/mapview/static/linkview.js).
(function () {
  if (window.idlibLinkBoxes) { return; }
  window.idlibLinkBoxes = true;
  function refresh() {
    document.querySelectorAll(".idlib-linkbox input").forEach(function (input) {
      if (input.value !== window.location.href) { input.value = window.location.href; }
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".idlib-linkbox button");
    if (!button) { return; }
    refresh();
    var input = button.parentElement.querySelector("input");
    function done() {
      button.textContent = button.dataset.done;
      setTimeout(function () { button.textContent = button.dataset.copy; }, 1500);
    }
    function fallback() {
      input.select();
      if (document.execCommand("copy")) { done(); }
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, fallback);
    } else {
      fallback();
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".idlib-linkbox input")) { event.target.select(); }
  });
  refresh();
  setInterval(refresh, 500);
})();
