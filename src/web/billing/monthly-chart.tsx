/** Invoiced, collected and outstanding per month as bars (ECharts, tree-shaken core). */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../app/format.ts';
import { useEChart } from '../ui/echart.ts';
import type { Monthly } from './queries.ts';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function MonthlyChart({ data }: { data: Monthly }) {
  const { t } = useTranslation('billing');
  const f = useFormat();
  const { ref, chart } = useEChart();
  useEffect(() => {
    const months = data.months.map((m) => new Intl.DateTimeFormat(f.language === 'en' ? 'en-GB' : 'es-ES', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${m.month}-01T00:00:00Z`)));
    const series = (name: string, key: 'invoicedCents' | 'collectedCents' | 'outstandingCents', color: string) => ({ name, type: 'bar' as const, data: data.months.map((m) => m[key] / 100), itemStyle: { color } });
    chart.current?.setOption({
      aria: { enabled: true },
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => f.money(Math.round(Number(v) * 100)) },
      legend: { top: 0 },
      grid: { left: 60, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => f.number(v, { maximumFractionDigits: 0 }) } },
      series: [series(t('list.invoiced'), 'invoicedCents', '#1c7ed6'), series(t('list.collected'), 'collectedCents', '#2f9e44'), series(t('list.outstanding'), 'outstandingCents', '#e8590c')],
    }, true);
  }, [data, f.language]); // eslint-disable-line react-hooks/exhaustive-deps
  return <div ref={ref} data-testid="monthly-chart" role="img" aria-label={t('list.chartTitle')} style={{ width: '100%', height: 260 }} />;
}
