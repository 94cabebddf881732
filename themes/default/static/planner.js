// The route page's date planner: for a start date the reader picks, whether the route runs and
// whether each place it visits takes the group on its day, from the data the build embedded
// (#route-planner-data); nothing is fetched. It follows the build's own rule
// (src/model/run_dates.rs) step by step, and a test compares the two on every day of a year.
// Dates are civil dates, parsed by hand and counted in days: no time zone can shift them.
(function () {
  "use strict";
  var node = document.getElementById("route-planner-data");
  if (!node) return;
  var data = JSON.parse(node.textContent);
  var WD = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];

  // Days since 1970-01-01 of a proleptic Gregorian date, and back (H. Hinnant's algorithms).
  function days(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400), yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  }
  function civil(z) {
    z += 719468;
    var era = Math.floor(z / 146097), doe = z - era * 146097;
    var yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
    var doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    var mp = Math.floor((5 * doy + 2) / 153), m = mp < 10 ? mp + 3 : mp - 9;
    return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, doy - Math.floor((153 * mp + 2) / 5) + 1];
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(z) { var c = civil(z); return c[0] + "-" + pad(c[1]) + "-" + pad(c[2]); }
  // `YYYY-MM-DD` as a day number; null unless it is a real date (no 2027-02-30).
  function parse(s) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return null;
    var z = days(+m[1], +m[2], +m[3]);
    return iso(z) === s ? z : null;
  }
  // 0 = Monday … 6 = Sunday, as in the data: 1970-01-01 was a Thursday.
  function weekday(z) { return ((z % 7) + 10) % 7; }

  // Why `place` takes no group on day `z` (its date `date`), or null: a closure first, then a
  // weekly closed day unless a holiday lifts it, then a holiday without groups.
  function closedOn(place, z, date) {
    for (var i = 0; i < place.closures.length; i++) {
      var c = place.closures[i];
      if (c[0] <= date && date <= c[1]) return { status: "closure", from: c[0], to: c[1], note: c[2] };
    }
    var holiday = data.holidays.indexOf(date) >= 0;
    if (place.open && place.open.indexOf(weekday(z)) < 0 && !(holiday && place.oh)) {
      return { status: "weekly", weekday: weekday(z) };
    }
    return holiday && !place.gh ? { status: "holiday" } : null;
  }

  // The verdict for a start date: reason `weekday` (the route doesn't run that weekday: nothing
  // else is judged), `closed` (a stop closed on its day), `months` (outside the best months,
  // every stop open), or `ok`; `months` says whether the date is outside the best months.
  function verdict(s) {
    var z = parse(s);
    if (z === null) return null;
    if (data.runs_on.indexOf(weekday(z)) < 0) {
      return { ok: false, reason: "weekday", months: false, weekday: weekday(z), stops: [] };
    }
    var months = data.months.length > 0 && data.months.indexOf(civil(z)[1]) < 0;
    var stops = [];
    data.days.forEach(function (visits, d) {
      visits.forEach(function (v) {
        var place = data.places[v[1]], date = iso(z + d);
        var stop = closedOn(place, z + d, date) || { status: "open" };
        stop.day = d; stop.stop = v[0]; stop.place = place.id; stop.date = date;
        stops.push(stop);
      });
    });
    var closed = stops.some(function (st) { return st.status !== "open"; });
    var reason = closed ? "closed" : months ? "months" : "ok";
    return { ok: reason === "ok", reason: reason, months: months, stops: stops };
  }

  // The first `n` start dates from `from` (a `YYYY-MM-DD`) that are `ok`, looking a year ahead.
  function next(from, n) {
    var z = parse(from), found = [];
    for (var i = 0; z !== null && i < 366 && found.length < n; i++) {
      if (verdict(iso(z + i)).ok) found.push(iso(z + i));
    }
    return found;
  }
  window.yanxuePlanner = { verdict: verdict, next: next };

  var ui = document.getElementById("planner-ui");
  var input = document.getElementById("planner-date");
  var out = document.getElementById("planner-verdict");
  var list = document.getElementById("planner-next");
  if (!ui || !input || !out || !list) return;

  function md(s) { var c = s.split("-"); return +c[1] + "月" + +c[2] + "日"; }
  function span(a, b) { return (a.slice(0, 4) === b.slice(0, 4) ? md(a) : a) + "–" + (a.slice(0, 4) === b.slice(0, 4) ? md(b) : b); }
  var now = new Date();
  var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  // `4月13日（周二）`; for a next good date, with the year when it is not this one.
  function dayLabel(s) { return md(s) + "（" + WD[weekday(parse(s))] + "）"; }
  function label(s) { return (s.slice(0, 4) === today.slice(0, 4) ? "" : s.slice(0, 4) + "年") + dayLabel(s); }
  function statusText(st) {
    if (st.status === "closure") return span(st.from, st.to) + "闭馆" + (st.note ? "（" + st.note + "）" : "");
    if (st.status === "weekly") return WD[st.weekday] + "闭馆";
    if (st.status === "holiday") return "节假日不接待团队";
    return "开放";
  }
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  function show(s) {
    var v = verdict(s);
    out.textContent = "";
    if (!v) return;
    var head = {
      ok: "可以出行：各站当天开放。",
      months: "各站当天开放，但不在线路适宜出行的月份（" + data.months.join("、") + " 月）。",
      closed: "这一天出发不可行：有地点当天不接待。",
      weekday: "线路不在" + WD[v.weekday] + "出发（开行日：" + data.runs_on.map(function (w) { return WD[w]; }).join("、") + "）。"
    }[v.reason];
    out.appendChild(el("p", head, v.ok ? "planner-ok" : "planner-no"));
    if (v.reason === "closed" && v.months) out.appendChild(el("p", "这一天也不在线路适宜出行的月份。"));
    if (v.stops.length) {
      var ul = el("ul", "", "planner-stops");
      v.stops.forEach(function (st) {
        var li = el("li", "", st.status === "open" ? "" : "planner-closed");
        var place = data.places.filter(function (p) { return p.id === st.place; })[0];
        li.appendChild(document.createTextNode("第 " + (st.day + 1) + " 天 " + dayLabel(st.date) + " · "));
        var a = el("a", place.name);
        a.href = place.url;
        li.appendChild(a);
        li.appendChild(document.createTextNode("：" + statusText(st)));
        ul.appendChild(li);
      });
      out.appendChild(ul);
    }
    // One date for the reader: the calendar form (routes without departures) takes it too.
    var cal = document.getElementById("calendar-start");
    if (cal) cal.value = s;
  }

  input.addEventListener("change", function () { show(input.value); });
  // A date typed into the calendar form is the planner's date too.
  var calendarStart = document.getElementById("calendar-start");
  if (calendarStart) {
    calendarStart.addEventListener("change", function () { input.value = calendarStart.value; show(calendarStart.value); });
  }
  // Dates as buttons that pick them.
  function buttons(into, dates) {
    dates.forEach(function (s) {
      var li = el("li"), b = el("button", label(s));
      b.type = "button";
      b.addEventListener("click", function () { input.value = s; show(s); });
      li.appendChild(b);
      into.appendChild(li);
    });
  }
  var good = next(today, 5);
  if (!good.length) list.appendChild(el("li", "一年内没有可行的日期"));
  buttons(list, good);
  // The fixed departures, which the static text lists, become dates to pick.
  var fixed = document.getElementById("planner-departures");
  var said = document.getElementById("planner-static");
  if (fixed && data.departures.length) {
    buttons(document.getElementById("planner-departure-list"), data.departures);
    fixed.hidden = false;
    if (said) said.hidden = true;
  }
  input.min = today;
  ui.hidden = false;
})();
