if (window.innerWidth < 900) {
  document.querySelector(".idlib-caption").open = false;
}
