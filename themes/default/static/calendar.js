// Builds a route's calendar (.ics, RFC 5545) in the browser for a start date the teacher picks,
// for routes that have no dated departures. The schedule comes from the JSON the page embeds
// (#route-calendar-data); nothing is sent anywhere. Times are Asia/Shanghai (no DST since 1991).
(function () {
  // Escaping and folding are exactly those of the site's own .ics files (src/render/calendar.rs);
  // both are checked against tests/fixtures/ics-escape-vectors.json.
  // RFC 5545 3.3.11: backslash, ";", "," and newlines (CRLF, LF or a lone CR) are escaped, a tab
  // stays, other control characters are not allowed in TEXT and are dropped. A lone CR left as
  // it is would end the content line and let a value write a property of its own.
  function escapeText(s) {
    return String(s).replace(/\r\n/g, "\n").replace(/[\\;,]|[\u0000-\u001f\u007f-\u009f]/g, function (c) {
      if (c === "\n" || c === "\r") return "\\n";
      if (c === "\t") return c;
      if (c === "\\" || c === ";" || c === ",") return "\\" + c;
      return "";
    });
  }
  // Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character.
  function fold(line) {
    var enc = new TextEncoder();
    var out = [], current = "", size = 0;
    for (var ch of line) {
      var n = enc.encode(ch).length;
      if (size + n > 75) { out.push(current); current = " "; size = 1; }
      current += ch; size += n;
    }
    out.push(current);
    return out.join("\r\n");
  }
  // A TEXT property as one folded content line, CRLF included.
  function textLine(name, value) { return fold(name + ":" + escapeText(value)) + "\r\n"; }

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function ymd(d) { return "" + d.getUTCFullYear() + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()); }
  // Local date-time YYYYMMDDTHHMMSS, `minutes` after midnight of `date`: 24:00 is the next
  // day's T000000.
  function local(date, minutes) {
    var d = new Date(date.getTime() + Math.floor(minutes / 1440) * 86400000);
    var m = minutes % 1440;
    return ymd(d) + "T" + pad(Math.floor(m / 60)) + pad(m % 60) + "00";
  }

  // The calendar of `route` (the page's embedded data: the stops as events, written by
  // src/render/calendar.rs's stop_events) for a run starting on `start` (a Date at 00:00 UTC).
  // Every line is the one write_calendar writes for the same data and date; both are checked
  // against tests/fixtures/calendar-event-vectors.json. DTSTAMP comes from the data too (the
  // route's verified date, else the start date), so the same choice gives the same file.
  function calendar(route, start) {
    var tz = "Asia/Shanghai";
    var day0 = ymd(start);
    var stamp = route.stamp || day0 + "T000000Z";
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//yanxue//yanxue//ZH", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + escapeText(route.title), "X-WR-CALDESC:" + escapeText(route.summary),
      "X-WR-TIMEZONE:" + tz, "BEGIN:VTIMEZONE", "TZID:" + tz, "BEGIN:STANDARD", "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"];
    route.events.forEach(function (e) {
      var date = new Date(start.getTime() + (e.day - 1) * 86400000);
      lines.push("BEGIN:VEVENT",
        "UID:" + escapeText(route.id + "-" + day0 + "-d" + e.day + "-s" + e.stop + "@" + route.host),
        "DTSTAMP:" + stamp,
        "DTSTART;TZID=" + tz + ":" + local(date, e.start));
      // DTEND must be later than DTSTART: a zero-length stop has none.
      if (e.end != null) lines.push("DTEND;TZID=" + tz + ":" + local(date, e.end));
      lines.push("SUMMARY:" + escapeText(e.summary));
      if (e.location != null) lines.push("LOCATION:" + escapeText(e.location));
      if (e.geo != null) lines.push("GEO:" + e.geo);
      if (e.description != null) lines.push("DESCRIPTION:" + escapeText(e.description));
      lines.push("URL:" + e.url, "END:VEVENT");
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }
  window.__yanxueIcs = { escapeText: escapeText, fold: fold, textLine: textLine, calendar: calendar };

  var form = document.getElementById("calendar-form");
  var data = document.getElementById("route-calendar-data");
  if (!form || !data || !window.Blob) return;
  var route = JSON.parse(data.textContent);
  form.hidden = false;

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = form.elements.start.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    var start = new Date(value + "T00:00:00Z");
    var text = calendar(route, start);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    link.download = route.id + "-" + value + ".ics";
    document.body.appendChild(link);
    link.click();
    link.remove();
    form.setAttribute("data-built", text.length);
  });
  window.__yanxueCalendar = function (start) { return calendar(route, start); };
})();
