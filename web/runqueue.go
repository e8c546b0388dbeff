package web

// This file defines the metrics of an app's run slots ([limits] runs): how
// many of its threads execute, how many wait for a slot, and how long they
// waited.

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stark-dev/stark/host"
)

// runQueueCollector reports host.App.RunQueueStats, read when /metrics is
// scraped.
type runQueueCollector struct {
	app                                        *host.App
	slots, executing, waiting, waits, waitTime *prometheus.Desc
}

func newRunQueueCollector(app *host.App) *runQueueCollector {
	return &runQueueCollector{
		app:       app,
		slots:     prometheus.NewDesc("stark_run_slots", "Threads of the app's runs that may execute at once ([limits] runs).", nil, nil),
		executing: prometheus.NewDesc("stark_run_slots_taken", "Threads of the app's runs executing now.", nil, nil),
		waiting:   prometheus.NewDesc("stark_run_queue_waiting", "Threads of the app's runs waiting for a run slot now.", nil, nil),
		waits:     prometheus.NewDesc("stark_run_queue_waits_total", "Times a thread of the app's runs waited for a run slot.", nil, nil),
		waitTime:  prometheus.NewDesc("stark_run_queue_wait_seconds_total", "Time threads of the app's runs spent waiting for a run slot.", nil, nil),
	}
}

func (c *runQueueCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.slots
	ch <- c.executing
	ch <- c.waiting
	ch <- c.waits
	ch <- c.waitTime
}

func (c *runQueueCollector) Collect(ch chan<- prometheus.Metric) {
	st := c.app.RunQueueStats()
	ch <- prometheus.MustNewConstMetric(c.slots, prometheus.GaugeValue, float64(st.Slots))
	ch <- prometheus.MustNewConstMetric(c.executing, prometheus.GaugeValue, float64(st.Executing))
	ch <- prometheus.MustNewConstMetric(c.waiting, prometheus.GaugeValue, float64(st.Waiting))
	ch <- prometheus.MustNewConstMetric(c.waits, prometheus.CounterValue, float64(st.Waits))
	ch <- prometheus.MustNewConstMetric(c.waitTime, prometheus.CounterValue, st.Waited.Seconds())
}
