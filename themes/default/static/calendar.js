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
  window.__yanxueIcs = { escapeText: escapeText, fold: fold, textLine: textLine };

  var form = document.getElementById("calendar-form");
  var data = document.getElementById("route-calendar-data");
  if (!form || !data || !window.Blob) return;
  var route = JSON.parse(data.textContent);
  form.hidden = false;

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function ymd(d) { return "" + d.getUTCFullYear() + pad(d.getUTCMonth() + 1) + pad(d.getUTCDate()); }
  function stamp() {
    var d = new Date();
    return ymd(d) + "T" + pad(d.getUTCHours()) + pad(d.getUTCMinutes()) + pad(d.getUTCSeconds()) + "Z";
  }

  function calendar(start) {
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//yanxue//route calendar//ZH", "CALSCALE:GREGORIAN",
      "X-WR-CALNAME:" + escapeText(route.title), "X-WR-TIMEZONE:Asia/Shanghai",
      "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
      "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"];
    var now = stamp();
    route.days.forEach(function (stops, d) {
      var day = new Date(start.getTime() + d * 86400000);
      var date = ymd(day);
      stops.forEach(function (stop, s) {
        lines.push("BEGIN:VEVENT",
          "UID:" + route.id + "-" + date + "-d" + (d + 1) + "-s" + (s + 1) + "@" + route.host,
          "DTSTAMP:" + now,
          "DTSTART;TZID=Asia/Shanghai:" + date + "T" + stop.arrive.replace(":", "") + "00",
          "DTEND;TZID=Asia/Shanghai:" + date + "T" + stop.leave.replace(":", "") + "00",
          "SUMMARY:" + escapeText(stop.summary));
        if (stop.location) lines.push("LOCATION:" + escapeText(stop.location));
        if (stop.geo) lines.push("GEO:" + stop.geo[0] + ";" + stop.geo[1]);
        if (stop.description) lines.push("DESCRIPTION:" + escapeText(stop.description));
        if (stop.url) lines.push("URL:" + stop.url);
        lines.push("END:VEVENT");
      });
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var value = form.elements.start.value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    var start = new Date(value + "T00:00:00Z");
    var text = calendar(start);
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "text/calendar;charset=utf-8" }));
    link.download = route.id + "-" + value + ".ics";
    document.body.appendChild(link);
    link.click();
    link.remove();
    form.setAttribute("data-built", text.length);
  });
  window.__yanxueCalendar = calendar;
})();
