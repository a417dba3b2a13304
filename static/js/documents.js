// The library's filters (documents/list.html) fold behind "Lọc văn bản" so that a
// phone shows the first document on its first screen; a wide screen has room for
// them, so they open there. Without JavaScript they stay one tap away.
if (window.matchMedia("(min-width: 64rem)").matches) {
  for (const box of document.querySelectorAll("details.doc-filters-box")) box.open = true;
}
