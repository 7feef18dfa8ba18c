-- wrk script of daemon_web_load: every request is the next of the page's
-- files and API queries in turn, year-long ranges included.
local paths = {
	"/", "/static/app.js", "/static/style.css", "/static/uPlot.iife.min.js",
	"/api/v1/ranges", "/api/v1/live", "/api/v1/series?range=day",
	"/api/v1/series?range=year", "/api/v1/apps?range=day", "/api/v1/apps?range=year",
	"/api/v1/series?range=week&iface=lo", "/api/v1/apps?range=billing",
}
local i = 0
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
