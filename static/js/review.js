// Review form: Ctrl+Enter (or Cmd+Enter) submits from anywhere in the form.
document.addEventListener("keydown", function (event) {
  if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
    return;
  }
  var form = event.target.closest && event.target.closest("form.review-form");
  if (form) {
    event.preventDefault();
    form.requestSubmit();
  }
});
