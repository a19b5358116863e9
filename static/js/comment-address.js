// After a comment error the page answers the form's POST, so the address bar shows the form's
// address (/<slug>/comments). Show the article's own address instead: reloaded or shared, it is
// the article and its form. (Without JavaScript, that address redirects there too.)
(function () {
  "use strict";
  var form = document.querySelector("form.comment-form[data-article]");
  if (form && window.history && history.replaceState) {
    history.replaceState(null, "", form.getAttribute("data-article") + "#respond");
  }
})();
