/* A form's token (core.submissions) survives Back. Browsers put back, on a page shown
   again with Back, only the inputs whose value differs from the value the page was sent
   with; a page loaded afresh brings a new token. So the token is made the input's own
   value and its attribute emptied: what was sent is put back with the rest of the form,
   and Back then Send repeats the first sending instead of making a second. Without
   script the page works as sent: a double click still sends the same token. */
(function () {
  "use strict";

  function keep() {
    document.querySelectorAll('input[name="submission"]').forEach(function (input) {
      input.value = input.value; // the value as typed, so the browser remembers it
      input.setAttribute("value", "");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", keep);
  } else {
    keep();
  }
})();
