// The image picker window: hands the chosen image back to the editor that
// opened it, using the callback protocol of django-prose-editor's Figure picker.
(function () {
  "use strict";
  function pick(button) {
    var root = document.getElementById("image-picker");
    var funcNum = root && root.dataset.funcNum;
    var opener = window.opener;
    if (!funcNum || !opener || !opener.CKEDITOR || !opener.CKEDITOR.tools) {
      return;
    }
    opener.CKEDITOR.tools.callFunction(Number(funcNum), button.dataset.url, {
      id: button.dataset.id,
      alternative_text: button.dataset.alt,
      caption: button.dataset.caption,
    });
    window.close();
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".picker-choice");
    if (button) {
      pick(button);
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("image-picker");
    var chosen = root && root.dataset.autoPick;
    if (chosen) {
      var button = root.querySelector('.picker-choice[data-id="' + chosen + '"]');
      if (button) {
        pick(button);
      }
    }
  });
})();
