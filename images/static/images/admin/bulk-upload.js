// The bulk upload page (images/bulk.py): drop or pick several photos, see each
// one before sending, and give each its own title, alt text, caption and
// credit. Every file sits in its own row's file input, so what is sent is the
// same formset as the page without JavaScript (one row per file), in one POST.
(function () {
  "use strict";

  var form = document.getElementById("bulk-upload");
  var textNode = document.getElementById("bulk-upload-text");
  if (!form || !textNode || typeof DataTransfer === "undefined") {
    return; // the plain rows still work
  }
  var text = JSON.parse(textNode.textContent);
  var prefix = form.dataset.prefix;
  var total = form.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
  var rows = document.getElementById("bulk-rows");
  var template = document.getElementById("bulk-row-template");
  var drop = document.getElementById("bulk-drop");
  var pick = document.getElementById("bulk-pick");
  var status = document.getElementById("bulk-status");
  var submit = form.querySelector('input[type="submit"]');
  var indexed = new RegExp("^(" + prefix + "-)(\\d+|__prefix__)(-)");
  var indexedId = new RegExp("^(id_" + prefix + "-)(\\d+|__prefix__)(-)");

  function say(message, values) {
    return message.replace(/%\((\w+)\)s/g, function (_, key) {
      return values && key in values ? values[key] : "";
    });
  }

  function megabytes(bytes) {
    return (bytes / 1048576).toFixed(1).replace(".", ",");
  }

  function size(bytes) {
    return bytes < 1048576 ? Math.max(1, Math.round(bytes / 1024)) + " KB" : megabytes(bytes) + " MB";
  }

  // The same rule as images.bulk.title_from_filename.
  function titleFromName(name) {
    var stem = name.replace(/^.*[\\/]/, "");
    if (stem.indexOf(".") !== -1) {
      stem = stem.slice(0, stem.lastIndexOf("."));
    }
    return stem.replace(/[_-]/g, " ").split(/\s+/).filter(Boolean).join(" ").slice(0, 255);
  }

  function allRows() {
    return Array.prototype.slice.call(rows.querySelectorAll(".bulk-row"));
  }

  function field(row, name) {
    return row.querySelector('[name$="-' + name + '"]');
  }

  function chosenFile(row) {
    var input = field(row, "file");
    return input && input.files && input.files[0];
  }

  // Rows are numbered 0, 1, 2 ... in page order, whatever was removed.
  function renumber() {
    allRows().forEach(function (row, index) {
      row.querySelectorAll("*").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attribute) {
          var value = el.getAttribute(attribute);
          if (value) {
            el.setAttribute(
              attribute,
              value.split(" ").map(function (part) {
                return part.replace(indexed, "$1" + index + "$3").replace(indexedId, "$1" + index + "$3");
              }).join(" ")
            );
          }
        });
      });
      row.querySelector(".bulk-row-legend").textContent = say(text.row, { number: index + 1 });
    });
    total.value = allRows().length;
    summarise();
  }

  function batch() {
    var count = 0;
    var bytes = 0;
    allRows().forEach(function (row) {
      var file = chosenFile(row);
      if (file) {
        count += 1;
        bytes += file.size;
      }
    });
    return { count: count, bytes: bytes };
  }

  // What is wrong with the batch as a whole, or "".
  function batchProblem() {
    var current = batch();
    if (allRows().length > text.maxFiles) {
      return say(text.tooMany, { max: text.maxFiles });
    }
    if (current.bytes > text.maxBytes) {
      return say(text.tooBig, { size: megabytes(current.bytes), max: text.maxMb });
    }
    return "";
  }

  function summarise(extra) {
    var current = batch();
    var problem = batchProblem();
    var parts = [];
    if (extra) {
      parts.push(extra);
    }
    if (current.count) {
      parts.push(say(text.summary, { count: current.count, size: size(current.bytes) }));
    } else {
      parts.push(allRows().length ? text.needFiles : text.empty);
    }
    if (problem) {
      parts.push(problem);
    }
    status.textContent = parts.join(" ");
    status.classList.toggle("errornote", Boolean(problem));
  }

  function showPreview(row, file) {
    var box = row.querySelector(".bulk-preview");
    var image = box.querySelector("img");
    if (image.dataset.url) {
      URL.revokeObjectURL(image.dataset.url);
    }
    box.hidden = !file;
    box.classList.remove("bulk-preview-broken");
    if (!file) {
      image.removeAttribute("src");
      return;
    }
    image.dataset.url = URL.createObjectURL(file);
    image.src = image.dataset.url;
    box.querySelector(".bulk-preview-name").textContent = file.name + " · " + size(file.size);
  }

  function fileChanged(row) {
    var file = chosenFile(row);
    var title = field(row, "title");
    if (file && (!title.value || title.dataset.fromName === title.value)) {
      title.value = titleFromName(file.name);
      title.dataset.fromName = title.value;
    }
    showPreview(row, file);
    row.querySelector(".bulk-file-name").textContent = file ? file.name : "";
    summarise();
  }

  function enhance(row) {
    var remove = row.querySelector(".bulk-remove");
    var image = row.querySelector(".bulk-preview img");
    var fileInput = field(row, "file");
    var fileButton = row.querySelector(".bulk-file-button");
    field(row, "alt_text").required = true;
    fileInput.required = true;
    // The browser's own file button speaks the browser's language: ours says it in Vietnamese.
    fileInput.classList.add("visually-hidden");
    fileButton.hidden = false;
    fileInput.addEventListener("change", function () {
      fileButton.textContent = chosenFile(row) ? text.pickAnother : fileButton.dataset.label;
    });
    fileButton.dataset.label = fileButton.textContent;
    remove.hidden = false;
    remove.addEventListener("click", function () {
      showPreview(row, null);
      var next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber();
      (next ? field(next, "alt_text") : pick).focus();
    });
    image.addEventListener("error", function () {
      if (image.getAttribute("src")) {
        row.querySelector(".bulk-preview").classList.add("bulk-preview-broken");
        row.querySelector(".bulk-preview-name").textContent += " — " + text.noPreview;
      }
    });
    field(row, "file").addEventListener("change", function () {
      fileChanged(row);
    });
  }

  function addFiles(files) {
    var added = [];
    var skipped = 0;
    Array.prototype.forEach.call(files, function (file) {
      if (allRows().length >= text.maxFiles) {
        skipped += 1;
        return;
      }
      var fragment = template.content.cloneNode(true);
      var row = fragment.querySelector(".bulk-row");
      rows.appendChild(fragment);
      enhance(row);
      var holder = new DataTransfer();
      holder.items.add(file);
      field(row, "file").files = holder.files;
      row.querySelector(".bulk-file-button").textContent = text.pickAnother;
      added.push(row);
      fileChanged(row);
    });
    renumber();
    var message = added.length ? say(text.added, { count: added.length }) : "";
    if (skipped) {
      message += " " + say(text.skipped, { count: skipped, max: text.maxFiles });
    }
    summarise(message.trim());
    if (added.length) {
      field(added[0], "alt_text").focus();
    }
  }

  function markMissing(row, name, message) {
    var input = field(row, name);
    var wrapper = input.closest(".form-row");
    var list = wrapper.querySelector("ul.errorlist.bulk-client-error");
    if (!list) {
      list = document.createElement("ul");
      list.className = "errorlist bulk-client-error";
      list.id = input.id + "_client_error";
      wrapper.insertBefore(list, wrapper.firstChild);
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + list.id).trim());
    }
    list.innerHTML = "";
    var item = document.createElement("li");
    item.textContent = message;
    list.appendChild(item);
    input.setAttribute("aria-invalid", "true");
    return input;
  }

  function clearMarks() {
    form.querySelectorAll(".bulk-client-error").forEach(function (list) {
      list.remove();
    });
    form.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
    });
  }

  // Server-rendered rows: the empty ones of the page without JavaScript go,
  // the refused ones of the last batch stay, to be given their files again.
  allRows().forEach(function (row) {
    if (row.dataset.state === "empty") {
      row.remove();
    } else {
      enhance(row);
    }
  });
  drop.hidden = false;
  renumber();

  pick.addEventListener("change", function () {
    addFiles(pick.files);
    pick.value = "";
  });
  ["dragenter", "dragover"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      if (event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1) {
        event.preventDefault(); // else the browser opens the file instead of the page
        drop.classList.add("bulk-drop-over");
      }
    });
  });
  ["dragleave", "drop"].forEach(function (type) {
    document.addEventListener(type, function () {
      drop.classList.remove("bulk-drop-over");
    });
  });
  document.addEventListener("drop", function (event) {
    if (event.dataTransfer && event.dataTransfer.files.length) {
      event.preventDefault();
      addFiles(event.dataTransfer.files);
    }
  });

  form.addEventListener("submit", function (event) {
    clearMarks();
    var first = null;
    allRows().forEach(function (row) {
      ["file", "alt_text"].forEach(function (name) {
        var input = field(row, name);
        var missing = name === "file" ? !chosenFile(row) : !input.value.trim();
        if (missing) {
          var marked = markMissing(row, name, name === "file" ? text.needFile : text.needAlt);
          first = first || marked;
        }
      });
    });
    var problem = allRows().length ? batchProblem() : text.empty;
    if (problem || first) {
      event.preventDefault();
      summarise();
      if (problem) {
        status.textContent = problem;
        status.classList.add("errornote");
      }
      (first || pick).focus();
      return;
    }
    submit.disabled = true;
    status.classList.remove("errornote");
    status.textContent = text.sending;
  });
  window.addEventListener("pageshow", function () {
    submit.disabled = false;
  });
})();
