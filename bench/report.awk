# bench/report.awk - turns bench/run.sh's samples into the Markdown tables
# of RESULTS.md.  Input: RESULTS.tsv (tab-separated), with the line counts
# "SCALE ID lines N" and the samples "SCALE ID REP WALL_MS USER_MS SYS_MS
# MAXRSS_KB STATUS" (REP 0: the command was not run; STATUS says why).
# Set timeout (seconds) with -v: a reference that ran past it bounds a ratio.

function median(key) {
	return median_of(key, 0)
}

# The median wall time, or with use_cpu the median user + system time.
function median_of(key, use_cpu,    n, i, j, t, v) {
	n = cnt[key]
	if (n == 0)
		return -1
	for (i = 1; i <= n; i++)
		v[i] = use_cpu ? cpu[key, i] : wall[key, i]
	for (i = 2; i <= n; i++)	# insertion sort: a handful of samples
		for (j = i; j > 1 && v[j - 1] > v[j]; j--) {
			t = v[j]; v[j] = v[j - 1]; v[j - 1] = t
		}
	return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
}

function ms(key,    m) {
	if (key in why)
		return why[key] == 2 ? "n/a" : why[key]
	m = median(key)
	if (m < 0)
		return "-"
	return sprintf(m < 10 ? "%.2f" : m < 100 ? "%.1f" : "%.0f", m)
}

function mb(key) {
	if (!(key in rss))
		return "-"
	return sprintf("%.2f", rss[key] * 1024 / 1e6) # wait4 reports KiB
}

function ratio(a, b) {
	return ratio_of(a, b, 0)
}

# A reference that ran past the timeout: portstat's time over the timeout is an upper bound.
function ratio_of(a, b, use_cpu,    ma, mb_) {
	if (!(a in why) && (b in why) && why[b] == "timeout" && !use_cpu)
		return sprintf("<%.2f", median(a) / (timeout * 1000))
	if ((a in why) || (b in why))
		return "n/a"
	ma = median_of(a, use_cpu); mb_ = median_of(b, use_cpu)
	if (ma < 0 || mb_ <= 0)
		return "-"
	return sprintf(ma / mb_ < 0.1 ? "%.3f" : "%.2f", ma / mb_)
}

function lines_of(key) {
	return (key in nlines) ? nlines[key] : "-"
}

function label(scale) {
	return scale >= 1000 && scale % 1000 == 0 ? (scale / 1000) "k" : scale
}

function row(s, q, title, sref,    p, ss, n) {
	p = s SUBSEP "p_" q; ss = s SUBSEP sref; n = s SUBSEP "n_" q
	printf "| `%s` | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s |\n", title, ms(p),
	       ms(ss), ms(n), ratio(p, ss), ratio_of(p, ss, 1), lines_of(p), lines_of(ss),
	       lines_of(n), mb(p), mb(ss), mb(n)
}

# The per-round ratios a / b (each round ran both, close in time) into r[];
# returns how many, 0 when the rounds do not pair up (a timeout, a failure).
function per_round(a, b, r,    i) {
	if ((a in why) || (b in why) || cnt[a] == 0 || cnt[a] != cnt[b])
		return 0
	for (i = 1; i <= cnt[a]; i++)
		r[i] = wall[a, i] / wall[b, i]
	return cnt[a]
}

function fmt_ratio(x) {
	return sprintf(x < 0.1 ? "%.3f" : "%.2f", x)
}

# The median of the per-round ratios, or "" when the rounds do not pair up.
function paired(a, b,    r, n, i, j, t) {
	n = per_round(a, b, r)
	if (n == 0)
		return ""
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && r[j - 1] > r[j]; j--) {
			t = r[j]; r[j] = r[j - 1]; r[j - 1] = t
		}
	return fmt_ratio(n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2)
}

# The lowest and highest per-round ratio, or "-".
function spread(a, b,    r, n, i, lo, hi) {
	n = per_round(a, b, r)
	if (n == 0)
		return "-"
	for (i = 1; i <= n; i++) {
		if (i == 1 || r[i] < lo) lo = r[i]
		if (i == 1 || r[i] > hi) hi = r[i]
	}
	return fmt_ratio(lo) "-" fmt_ratio(hi)
}

function verdict(value, ok) {
	if (value ~ /^</)
		ok = 1 # an upper bound below the limit (the reference timed out)
	return value == "n/a" || value == "-" || value == "" ? "n/a" : ok ? "yes" : "**no**"
}

# A time ratio a / b: judged on the median of the per-round ratios (the
# ratio of the medians where the rounds do not pair up, e.g. a timeout).
function time_target(name, limit, a, b,    p, m, v) {
	p = paired(a, b); m = ratio(a, b)
	v = p != "" ? p : m
	printf "| %s | %s | %s | %s | %s | %s |\n", name, limit, p != "" ? p : "-", m,
	       spread(a, b), verdict(v, limit ~ /^</ ? v + 0 < substr(limit, 3) + 0 : v + 0 <= limit + 0)
}

function other_target(name, limit, value, ok) {
	printf "| %s | %s | %s | - | - | %s |\n", name, limit, value, verdict(value, ok)
}

$3 == "lines" { nlines[$1, $2] = $4; next }
{
	key = $1 SUBSEP $2
	if (!($1 in seen)) { seen[$1] = 1; order[++nscales] = $1 }
	if ($3 == 0) { why[key] = $8; next }
	if ($8 == "timeout") { why[key] = "timeout"; next }
	if ($8 != 0 && $8 != 1) { why[key] = "exit " $8; next }
	wall[key, ++cnt[key]] = $4
	cpu[key, cnt[key]] = $5 + $6
	if ($7 > rss[key]) rss[key] = $7
}
END {
	for (i = 1; i <= nscales; i++) {
		s = order[i]
		printf "\n## %s sockets (sockgen -s %d)\n\n", label(s), s
		print "Median wall ms; ratio = portstat / ss (cpu ratio: of user + system time);"
		print "lines and peak RSS (MB: 10^6 bytes) as portstat / ss / netstat."
		print ""
		print "| query | portstat | ss | netstat | ratio | cpu ratio | lines | RSS MB |"
		print "|---|---:|---:|---:|---:|---:|---|---|"
		row(s, "tan", "-tan", "s_tan")
		row(s, "tanp", "-tanp", "s_tanp")
		row(s, "an", "-an", "s_an")
		row(s, "ltn", "-ltn", "s_ltn")
		row(s, "443", "-tn :443 (ss: dport = :443 or sport = :443)", "s_443")
		row(s, "json", "-tan --json (ss: -tan)", "s_tan")
		row(s, "ti", "-ti", "s_ti")
		d = s SUBSEP "d_tan"
		printf "| plain netlink dump (bench/nldump) | %s | | | %s | %s | %s | %s |\n", ms(d),
		       ratio(d, s SUBSEP "s_tan"), ratio_of(d, s SUBSEP "s_tan", 1), lines_of(d), mb(d)
	}
	s = 100000
	if (!(s in seen))
		exit
	print "\n## Targets (issue 7) at 100k\n"
	print "Per round: each round runs every command once, portstat and its reference one"
	print "after the other; the median of those per-round ratios is what a target is judged"
	print "on, since noise from other tenants of this machine comes and goes between rounds"
	print "and can split the two medians apart.  The ratio of the medians and the lowest and"
	print "highest per-round ratio are shown beside it.\n"
	print "| target | limit | median per round | ratio of medians | per-round range | met |"
	print "|---|---:|---:|---:|---:|---|"
	k = s SUBSEP
	time_target("`-tan` / `ss -tan`", "0.65", k "p_tan", k "s_tan")
	time_target("`-tan` / plain netlink dump", "1.0", k "p_tan", k "d_tan")
	time_target("`-tanp` / `ss -tanp`", "0.15", k "p_tanp", k "s_tanp")
	time_target("`-tanp` / `netstat -tanp`", "< 1", k "p_tanp", k "n_tanp")
	time_target("`-ltn` / `ss -tan`", "0.1", k "p_ltn", k "s_tan")
	time_target("`-tn :443` / `ss -tan`", "0.4", k "p_443", k "s_tan")
	time_target("`-an` / `ss -an`", "0.7", k "p_an", k "s_an")
	time_target("`-ti` / `ss -ti` (issue 18)", "0.7", k "p_ti", k "s_ti")
	r = mb(k "p_tan"); other_target("peak RSS `-tan` (MB, 10^6 bytes)", "12", r, r + 0 <= 12)
	r = mb(k "p_ti"); other_target("peak RSS `-ti` (MB, 10^6 bytes; issue 18: reported)", "-", r, 1)
	r = (k "p_tanp") in rss && (k "s_tanp") in rss ? sprintf("%.2f", rss[k "p_tanp"] / rss[k "s_tanp"]) : "-"
	other_target("peak RSS `-tanp` / `ss -tanp`", "1.0", r, r + 0 <= 1)
	t = 300000 SUBSEP
	r = ratio(t "p_tan", k "p_tan"); other_target("`-tan` time 300k / 100k (medians)", "3.3", r, r + 0 <= 3.3)
}
