// Upload progress for the slides form (htmx posts it; this only draws the bar). Without JavaScript
// the form posts normally and the page reloads with the result.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest ? event.target.closest("form[data-upload-progress]") : null;
  if (!form || !event.detail.lengthComputable) {
    return;
  }
  var box = form.querySelector(".slides-progress");
  var bar = form.querySelector("progress");
  var text = form.querySelector(".slides-progress-text");
  var percent = Math.round((event.detail.loaded / event.detail.total) * 100);
  box.hidden = false;
  bar.value = percent;
  text.textContent = percent + " %";
});
