package web

// This file defines the Prometheus metrics of /metrics.

import (
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	dto "github.com/prometheus/client_model/go"
	"github.com/stark-dev/stark/host"
)

// metrics implements session.Observer with Prometheus collectors, on a
// registry of the server's own (so that several servers in one test process
// do not collide), or on a registry shared by the apps of a [Multi], each
// app's series labelled app="<name>".
type metrics struct {
	reg         prometheus.Gatherer // what the app's /metrics shows: its own series only
	registerer  prometheus.Registerer
	registered  []prometheus.Collector
	limitHits   prometheus.Counter
	nRuns       atomic.Int64
	nErrors     atomic.Int64
	nLimitHits  atomic.Int64
	sessions    prometheus.Gauge
	connections prometheus.Gauge
	runs        *prometheus.CounterVec
	runDuration prometheus.Histogram
	errors      prometheus.Counter
	cancels     *prometheus.CounterVec
	badMessages prometheus.Counter
	slowClients prometheus.Counter
}

// newMetrics returns metrics on a registry of their own (shared == nil), or
// registered on shared with the const label app="<app>".
func newMetrics(shared *prometheus.Registry, app string) *metrics {
	m := &metrics{
		sessions: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "stark_sessions", Help: "Sessions held, connected or within their reconnect grace."}),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "stark_connections", Help: "Open WebSocket connections."}),
		runs: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stark_runs_total", Help: "Runs ended, by status."}, []string{"status"}),
		runDuration: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "stark_run_duration_seconds", Help: "Duration of runs, from start to the end of their last thread.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30}}),
		errors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stark_run_errors_total", Help: "Runs that ended with an error."}),
		cancels: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "stark_run_cancellations_total", Help: "Runs cancelled or stopped by a limit, by cause."}, []string{"cause"}),
		badMessages: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stark_bad_messages_total", Help: "Messages from browsers that were refused."}),
		slowClients: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "stark_slow_client_disconnects_total", Help: "Connections dropped because the client could not keep up."}),
	}
	m.limitHits = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "stark_session_limit_hits_total", Help: "Sessions refused because the app held its [limits] sessions."})
	if shared == nil {
		reg := prometheus.NewRegistry()
		reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		m.reg, m.registerer = reg, reg
	} else {
		m.reg, m.registerer = appSeries(shared, app), prometheus.WrapRegistererWith(prometheus.Labels{"app": app}, shared)
	}
	m.register(m.sessions, m.connections, m.runs, m.runDuration, m.errors, m.cancels, m.badMessages, m.slowClients, m.limitHits)
	return m
}

// appSeries gathers the series of g labelled app="<app>": what the /metrics
// of one app of a shared registry shows. The process's series and other
// apps' are the operator's, served by the owner of the registry.
func appSeries(g prometheus.Gatherer, app string) prometheus.Gatherer {
	return prometheus.GathererFunc(func() ([]*dto.MetricFamily, error) {
		mfs, err := g.Gather()
		out := mfs[:0]
		for _, mf := range mfs {
			ms := mf.Metric[:0]
			for _, m := range mf.Metric {
				for _, l := range m.Label {
					if l.GetName() == "app" && l.GetValue() == app {
						ms = append(ms, m)
						break
					}
				}
			}
			if len(ms) > 0 {
				mf.Metric = ms
				out = append(out, mf)
			}
		}
		return out, err
	})
}

// register registers collectors, to be unregistered by close.
func (m *metrics) register(cs ...prometheus.Collector) {
	for _, c := range cs {
		m.registerer.MustRegister(c)
		m.registered = append(m.registered, c)
	}
}

// close unregisters the collectors (an app of a shared registry that goes
// away, or is rebuilt with a new configuration).
func (m *metrics) close() {
	for _, c := range m.registered {
		m.registerer.Unregister(c)
	}
	m.registered = nil
}

func (m *metrics) limitHit() {
	m.limitHits.Inc()
	m.nLimitHits.Add(1)
}

// cacheCollector reports the app's cache store: hits, misses and
// evictions, and its size, read when /metrics is scraped.
type cacheCollector struct {
	cache                                   *host.Cache
	hits, misses, evictions, entries, bytes *prometheus.Desc
}

func newCacheCollector(c *host.Cache) *cacheCollector {
	return &cacheCollector{
		cache:     c,
		hits:      prometheus.NewDesc("stark_cache_hits_total", "cache_data and cache_resource calls answered from the cache.", nil, nil),
		misses:    prometheus.NewDesc("stark_cache_misses_total", "cache_data and cache_resource calls that computed their value.", nil, nil),
		evictions: prometheus.NewDesc("stark_cache_evictions_total", "Cache entries evicted by max_entries or the byte budget.", nil, nil),
		entries:   prometheus.NewDesc("stark_cache_entries", "Entries in the app's cache.", nil, nil),
		bytes:     prometheus.NewDesc("stark_cache_bytes", "Estimated bytes held by the app's cache.", nil, nil),
	}
}

func (c *cacheCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.hits
	ch <- c.misses
	ch <- c.evictions
	ch <- c.entries
	ch <- c.bytes
}

func (c *cacheCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.cache.Stats()
	ch <- prometheus.MustNewConstMetric(c.hits, prometheus.CounterValue, float64(st.Hits))
	ch <- prometheus.MustNewConstMetric(c.misses, prometheus.CounterValue, float64(st.Misses))
	ch <- prometheus.MustNewConstMetric(c.evictions, prometheus.CounterValue, float64(st.Evictions))
	ch <- prometheus.MustNewConstMetric(c.entries, prometheus.GaugeValue, float64(st.Entries))
	ch <- prometheus.MustNewConstMetric(c.bytes, prometheus.GaugeValue, float64(st.Bytes))
}

func (m *metrics) SessionOpened() { m.sessions.Inc() }
func (m *metrics) SessionClosed() { m.sessions.Dec() }
func (m *metrics) BadMessage()    { m.badMessages.Inc() }

func (m *metrics) RunEnded(page string, status host.Status, cause host.Cause, d time.Duration) {
	m.runs.WithLabelValues(status.String()).Inc()
	m.nRuns.Add(1)
	m.runDuration.Observe(d.Seconds())
	if status == host.Failed {
		m.errors.Inc()
		m.nErrors.Add(1)
	}
	if cause != host.NotCancelled {
		m.cancels.WithLabelValues(cause.String()).Inc()
	}
	if cause.IsLimit() {
		m.nLimitHits.Add(1)
	}
}
