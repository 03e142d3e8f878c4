/* Accessible names for the widgets that Django's admin builds with script: the
   filter boxes of a many-to-many field (SelectFilter) and the select2 autocomplete.
   Without this, axe-core finds them nameless (WCAG 2.1: 1.3.1, 4.1.2). Runs again
   whenever a widget redraws itself, such as after choosing an option. */
(function () {
  "use strict";

  function labelIdFor(fieldId) {
    const label = document.querySelector('label[for="' + fieldId + '"]');
    if (!label) {
      return null;
    }
    if (!label.id) {
      label.id = fieldId + "_label";
    }
    return label.id;
  }

  function nameWidgets() {
    // The filter icon of a SelectFilter carries its explanation in aria-label.
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      const widget = select.nextElementSibling;
      const labelId = labelIdFor(select.id);
      if (!labelId || !widget || !widget.classList.contains("select2")) {
        return;
      }
      const rendered = widget.querySelector(".select2-selection__rendered");
      const box = widget.querySelector('[role="combobox"]');
      if (box) {
        const ids = [labelId];
        if (rendered && rendered.id) {
          ids.push(rendered.id);
        }
        box.setAttribute("aria-labelledby", ids.join(" "));
      }
      if (rendered && rendered.getAttribute("role") === "textbox") {
        rendered.setAttribute("aria-labelledby", labelId + " " + rendered.id);
      }
      const search = widget.querySelector(".select2-search__field");
      if (search) {
        search.setAttribute("aria-labelledby", labelId);
      }
      // The "remove all" cross is for the mouse (the keyboard uses Backspace), and
      // select2 puts it straight into a list where only list items belong.
      widget.querySelectorAll(".select2-selection__clear").forEach(function (clear) {
        clear.setAttribute("role", "listitem");
        clear.setAttribute("aria-hidden", "true");
      });
    });
  }

  function headerId(table, selector, key) {
    const header = table.querySelector("thead " + selector);
    if (!header) {
      return null;
    }
    if (!header.id) {
      header.id = (table.closest(".inline-group") || table).id + "-column-" + key;
    }
    return header.id;
  }

  function nameTabularFields() {
    // A tabular inline names its fields only in the column headers: point each
    // field of a row at the header of its column.
    document.querySelectorAll(".tabular table").forEach(function (table) {
      table.querySelectorAll("tbody td").forEach(function (cell) {
        let id = null;
        const match = Array.from(cell.classList).find(function (name) {
          return name.indexOf("field-") === 0;
        });
        if (match) {
          const field = match.slice("field-".length);
          id = headerId(table, "th.column-" + field, field);
        } else if (cell.classList.contains("delete")) {
          id = headerId(table, "th:last-child", "delete");
        }
        if (!id) {
          return;
        }
        cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (control) {
          const labelled = control.labels && control.labels.length;
          if (!labelled && !control.hasAttribute("aria-label") && !control.hasAttribute("aria-labelledby")) {
            control.setAttribute("aria-labelledby", id);
          }
        });
      });
    });
  }

  function run() {
    nameWidgets();
    nameTabularFields();
  }

  run();
  new MutationObserver(run).observe(document.body, {childList: true, subtree: true});
  window.addEventListener("load", run);
})();
