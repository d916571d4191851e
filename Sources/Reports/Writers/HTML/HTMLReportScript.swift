/// The report's only script: filtering and sorting. It reads what the page already shows and
/// builds its controls with `createElement` and `textContent`; it never parses strings as HTML.
/// It marks `<html data-ecrguard-js="ready">` when it has run (tests look for that).
enum HTMLReportScript {
    static let source: StaticString = """
    (function () {
      'use strict';
      var doc = document;
      var rank = { info: 0, low: 1, medium: 2, high: 3, critical: 4 };

      function make(tag, attributes, text) {
        var element = doc.createElement(tag);
        Object.keys(attributes || {}).forEach(function (name) { element.setAttribute(name, attributes[name]); });
        if (text !== undefined && text !== null) { element.textContent = text; }
        return element;
      }

      function each(list, fn) { Array.prototype.forEach.call(list, fn); }

      function setupFindingFilters() {
        var table = doc.getElementById('findings-table');
        if (!table) { return; }
        var rows = table.tBodies[0].rows;
        var articles = doc.querySelectorAll('article.finding');
        var groups = doc.querySelectorAll('section.rule');
        var bar = make('div', { 'class': 'controls', id: 'findings-controls', role: 'search' });
        var severity = make('select', { 'aria-label': 'Minimum severity', id: 'filter-severity' });
        [['info', 'All severities'], ['low', 'Low and above'], ['medium', 'Medium and above'],
         ['high', 'High and above'], ['critical', 'Critical only']].forEach(function (option) {
          severity.appendChild(make('option', { value: option[0] }, option[1]));
        });
        var query = make('input', { type: 'search', id: 'filter-text', placeholder: 'Filter by rule, file, Sid, message...', 'aria-label': 'Filter findings' });
        var suppressedLabel = make('label', { 'class': 'toggle' });
        var suppressed = make('input', { type: 'checkbox', id: 'filter-suppressed' });
        suppressed.checked = true;
        suppressedLabel.appendChild(suppressed);
        suppressedLabel.appendChild(doc.createTextNode(' show suppressed'));
        var status = make('span', { 'class': 'filter-status', 'aria-live': 'polite' });
        [severity, query, suppressedLabel, status].forEach(function (control) { bar.appendChild(control); });
        table.parentNode.insertBefore(bar, table);

        function visible(element) {
          var text = query.value.trim().toLowerCase();
          if (rank[element.getAttribute('data-severity')] < rank[severity.value]) { return false; }
          if (!suppressed.checked && element.getAttribute('data-suppressed') === 'true') { return false; }
          return !text || element.textContent.toLowerCase().indexOf(text) >= 0;
        }
        function apply() {
          var shown = 0;
          each(rows, function (row) { var ok = visible(row); row.hidden = !ok; if (ok) { shown += 1; } });
          each(articles, function (article) { article.hidden = !visible(article); });
          each(groups, function (group) {
            group.hidden = group.querySelectorAll('article.finding:not([hidden])').length === 0;
          });
          status.textContent = shown + ' of ' + rows.length + ' findings shown';
        }
        severity.addEventListener('change', apply);
        query.addEventListener('input', apply);
        suppressed.addEventListener('change', apply);
        apply();
      }

      function sortKey(cell) {
        var key = cell.getAttribute('data-sort');
        return key !== null ? key : cell.textContent.trim().toLowerCase();
      }

      function setupSorting() {
        each(doc.querySelectorAll('table.sortable'), function (table) {
          var body = table.tBodies[0];
          if (!body) { return; }
          each(table.tHead.rows[0].cells, function (header, column) {
            var button = make('button', { type: 'button', 'class': 'sort', title: 'Sort by this column' });
            while (header.firstChild) { button.appendChild(header.firstChild); }
            header.appendChild(button);
            header.setAttribute('aria-sort', 'none');
            button.addEventListener('click', function () {
              var ascending = header.getAttribute('aria-sort') !== 'ascending';
              each(table.tHead.rows[0].cells, function (other) { other.setAttribute('aria-sort', 'none'); });
              header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
              var rows = Array.prototype.slice.call(body.rows);
              rows.sort(function (a, b) {
                var x = sortKey(a.cells[column]), y = sortKey(b.cells[column]);
                var nx = Number(x), ny = Number(y);
                var order = (x !== '' && y !== '' && !isNaN(nx) && !isNaN(ny)) ? nx - ny : (x < y ? -1 : (x > y ? 1 : 0));
                return ascending ? order : -order;
              });
              rows.forEach(function (row) { body.appendChild(row); });
            });
          });
        });
      }

      function setupTableFilters() {
        each(doc.querySelectorAll('[data-filter-target]'), function (holder) {
          var targets = doc.querySelectorAll(holder.getAttribute('data-filter-target'));
          var input = make('input', { type: 'search', placeholder: holder.getAttribute('data-filter-placeholder') || 'Filter...', 'aria-label': 'Filter' });
          holder.appendChild(input);
          input.addEventListener('input', function () {
            var text = input.value.trim().toLowerCase();
            each(targets, function (row) { row.hidden = !!text && row.textContent.toLowerCase().indexOf(text) < 0; });
          });
        });
      }

      setupFindingFilters();
      setupSorting();
      setupTableFilters();
      doc.documentElement.setAttribute('data-ecrguard-js', 'ready');
    })();
    """
}
