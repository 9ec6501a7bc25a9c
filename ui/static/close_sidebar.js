(function () {
  if (window.innerWidth >= 640) { return; }
  var button = document.querySelector(
    '[data-testid="stSidebar"] [data-testid="stSidebarCollapseButton"] button');
  if (button) { button.click(); }
})();
