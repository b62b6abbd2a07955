/**
 * The chart of a report table (ECharts, only the pieces used): bars, pie, Pareto (bars + cumulative
 * line), and several series over categories (periods): grouped bars or lines, with a legend.
 */
import { Box } from '@mantine/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from '../ui/echart.ts';
import type { ReportTable } from '../../shared/reports.ts';

echarts.use([BarChart, LineChart, PieChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export function ReportChart({ table, display, ariaLabel }: { table: ReportTable; display: (key: string, v: unknown) => string; ariaLabel: string }) {
  const { ref, chart } = useEChart();
  const displayRef = useRef(display);
  displayRef.current = display;
  const spec = table.chart!;
  const rows = table.rows.slice(0, spec.type === 'pie' ? 12 : 25);
  const labels = rows.map((r) => String(r[spec.category] ?? '—'));
  const col = (key: string) => table.columns.find((c) => c.key === key);
  const multi = spec.type === 'line' || (spec.type === 'bar' && spec.series.length > 1);
  const height = spec.type === 'pie' ? 260 : multi ? 300 : Math.max(180, Math.min(labels.length, 25) * 26 + 60);

  useEffect(() => {
    const first = spec.series[0];
    const values = rows.map((r) => Number(r[first] ?? 0));
    const fmt = (key: string) => (v: unknown) => displayRef.current(key, v);
    let option: echarts.EChartsCoreOption;
    if (spec.type === 'pie') {
      option = {
        tooltip: { trigger: 'item', valueFormatter: fmt(first) },
        legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle' },
        series: [{ type: 'pie', radius: ['35%', '70%'], center: ['35%', '50%'], data: labels.map((name, i) => ({ name, value: values[i] })), label: { show: false } }],
      };
    } else if (spec.type === 'pareto') {
      const second = spec.series[1];
      option = {
        tooltip: { trigger: 'axis' },
        legend: { data: [col(first)?.label ?? first, col(second)?.label ?? second], top: 0 },
        grid: { left: 8, right: 8, top: 32, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: labels, axisLabel: { interval: 0, rotate: labels.length > 4 ? 30 : 0, width: 140, overflow: 'truncate' } },
        yAxis: [
          { type: 'value', splitLine: { lineStyle: { color: '#eee' } } },
          { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value} %' }, splitLine: { show: false } },
        ],
        series: [
          { name: col(first)?.label ?? first, type: 'bar', data: values, itemStyle: { color: '#228be6' }, barMaxWidth: 36 },
          { name: col(second)?.label ?? second, type: 'line', yAxisIndex: 1, data: rows.map((r) => Number(r[second] ?? 0) / 100), itemStyle: { color: '#e8590c' }, tooltip: { valueFormatter: (v: unknown) => `${Number(v).toFixed(1)} %` } },
        ],
      };
    } else if (multi) {
      const colors = ['#228be6', '#2f9e44', '#e8590c', '#7048e8'];
      option = {
        tooltip: { trigger: 'axis', valueFormatter: fmt(first) },
        legend: { top: 0, data: spec.series.map((k) => col(k)?.label ?? k) },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: rows.map((r) => fmt(spec.category)(r[spec.category])), axisLabel: { interval: 0, rotate: labels.length > 6 ? 30 : 0, width: 140, overflow: 'truncate' } },
        yAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt(first)(v) }, splitLine: { lineStyle: { color: '#eee' } } },
        series: spec.series.map((k, i) => ({
          name: col(k)?.label ?? k,
          type: spec.type === 'line' ? 'line' : 'bar',
          data: rows.map((r) => (r[k] === null || r[k] === undefined ? null : Number(r[k]))),
          itemStyle: { color: colors[i % colors.length] },
          barMaxWidth: 28,
          connectNulls: true,
        })),
      };
    } else {
      option = {
        grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: fmt(first) },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => fmt(first)(v) }, splitLine: { lineStyle: { color: '#eee' } } },
        yAxis: { type: 'category', data: [...labels].reverse(), axisLabel: { width: 220, overflow: 'truncate' } },
        series: [{ type: 'bar', data: [...values].reverse(), itemStyle: { color: '#228be6', borderRadius: [0, 3, 3, 0] }, barMaxWidth: 22, label: { show: true, position: 'right', formatter: (p: { value: number }) => fmt(first)(p.value) } }],
      };
    }
    chart.current?.setOption({ animationDuration: 300, ...option }, true);
    chart.current?.resize();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [table]);

  return <Box ref={ref} h={height} w="100%" role="img" aria-label={ariaLabel} data-testid={`chart-${table.id}`} />;
}
