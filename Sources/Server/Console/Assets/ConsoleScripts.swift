/// The console's scripts, served as files under `/console/assets/` (the pages carry no inline script).
enum ConsoleScripts {
    /// `console.js`, on every page: confirmation of `form[data-confirm]` submits, and `button[data-copy]` copying the text of the element whose id it names.
    static let common = #"""
    (function () {
      'use strict';

      function selectText(element) {
        var selection = window.getSelection ? window.getSelection() : null;
        if (!selection || !document.createRange) {
          return false;
        }
        var range = document.createRange();
        range.selectNodeContents(element);
        selection.removeAllRanges();
        selection.addRange(range);
        try {
          return document.execCommand('copy');
        } catch (error) {
          return false;
        }
      }

      function markCopied(button) {
        var copied = button.getAttribute('data-copied');
        if (copied !== null && copied !== '') {
          button.textContent = copied;
        }
      }

      function copyFrom(button) {
        var target = document.getElementById(button.dataset.copy);
        if (!target) {
          return;
        }
        var text = target.textContent;
        if (navigator.clipboard && typeof navigator.clipboard.writeText === 'function') {
          navigator.clipboard.writeText(text).then(function () {
            markCopied(button);
          }, function () {
            if (selectText(target)) {
              markCopied(button);
            }
          });
        } else if (selectText(target)) {
          markCopied(button);
        }
      }

      function init() {
        var forms = document.querySelectorAll('form[data-confirm]');
        Array.prototype.forEach.call(forms, function (form) {
          form.addEventListener('submit', function (event) {
            if (!window.confirm(form.dataset.confirm)) {
              event.preventDefault();
              event.stopImmediatePropagation();
            }
          });
        });

        var buttons = document.querySelectorAll('button[data-copy]');
        Array.prototype.forEach.call(buttons, function (button) {
          button.addEventListener('click', function (event) {
            event.preventDefault();
            copyFrom(button);
          });
        });
      }

      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
      } else {
        init();
      }
    }());
    """#

    /// `live.js`, on the live page: follows `/console/live/events` (server-sent events) and prepends each exchange to `#live tbody`, keeping 200 rows.
    static let live = #"""
    (function () {
      'use strict';

      var MAX_ROWS = 200;
      var FIELDS = ['time', 'tenant', 'scenario', 'level', 'zone', 'backend', 'status', 'latency_ms'];
      var DEFAULT_WORDS = { connecting: 'connecting', live: 'live', disconnected: 'disconnected' };

      function text(value) {
        if (value === undefined || value === null) {
          return '';
        }
        return String(value);
      }

      function setStatus(status, state, cssClass) {
        if (!status) {
          return;
        }
        var word = status.getAttribute('data-' + state);
        status.textContent = word !== null && word !== '' ? word : DEFAULT_WORDS[state];
        status.classList.remove('ok', 'bad', 'muted');
        status.classList.add(cssClass || 'muted');
      }

      function statusCell(value) {
        var cell = document.createElement('td');
        var badge = document.createElement('span');
        var raw = text(value);
        var code = Number(raw);
        var kind = 'muted';
        if (raw !== '' && isFinite(code)) {
          kind = code < 400 ? 'ok' : 'bad';
        }
        badge.className = 'badge ' + kind;
        badge.textContent = raw;
        cell.appendChild(badge);
        return cell;
      }

      function buildRow(exchange) {
        var row = document.createElement('tr');
        row.className = 'exchange';
        row.setAttribute('data-request-id', text(exchange.request_id));
        FIELDS.forEach(function (field) {
          var cell;
          if (field === 'status') {
            cell = statusCell(exchange.status);
          } else {
            cell = document.createElement('td');
            cell.textContent = text(exchange[field]);
            if (field === 'latency_ms') {
              cell.className = 'num';
            }
          }
          row.appendChild(cell);
        });
        return row;
      }

      function init() {
        var table = document.getElementById('live');
        if (!table) {
          return;
        }
        var body = table.querySelector('tbody');
        if (!body) {
          body = document.createElement('tbody');
          table.appendChild(body);
        }
        var status = document.getElementById('live-status');

        if (typeof window.EventSource !== 'function') {
          setStatus(status, 'disconnected', 'bad');
          return;
        }

        setStatus(status, 'connecting', null);
        var source = new EventSource('/console/live/events');

        source.onopen = function () {
          setStatus(status, 'live', 'ok');
        };

        source.onerror = function () {
          if (source.readyState === EventSource.CLOSED || source.readyState === EventSource.CONNECTING) {
            setStatus(status, 'disconnected', 'bad');
          }
        };

        source.onmessage = function (event) {
          var exchange;
          try {
            exchange = JSON.parse(event.data);
          } catch (error) {
            return;
          }
          if (!exchange || typeof exchange !== 'object') {
            return;
          }
          var placeholders = body.querySelectorAll('tr.empty');
          Array.prototype.forEach.call(placeholders, function (placeholder) {
            placeholder.parentNode.removeChild(placeholder);
          });
          body.insertBefore(buildRow(exchange), body.firstChild);
          while (body.rows.length > MAX_ROWS) {
            body.removeChild(body.rows[body.rows.length - 1]);
          }
        };
      }

      if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', init);
      } else {
        init();
      }
    }());
    """#
}
