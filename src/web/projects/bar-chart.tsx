/** A horizontal bar chart (ECharts, only the pieces used, canvas renderer). */
import { Box } from '@mantine/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useEChart } from '../ui/echart.ts';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export function HorizontalBars({ labels, values, format, ariaLabel, height }: { labels: string[]; values: number[]; format: (v: number) => string; ariaLabel: string; height?: number }) {
  const { ref, chart } = useEChart();
  const formatRef = useRef(format);
  formatRef.current = format;
  const h = height ?? Math.max(160, labels.length * 32 + 40);

  useEffect(() => {
    // Largest on top: ECharts draws category axes bottom-up.
    const ys = [...labels].reverse();
    const xs = [...values].reverse();
    chart.current?.setOption(
      {
        animationDuration: 300,
        grid: { left: 8, right: 72, top: 8, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: unknown) => formatRef.current(Number(v)) },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatRef.current(v) }, splitLine: { lineStyle: { color: '#eee' } } },
        yAxis: { type: 'category', data: ys, axisLabel: { width: 220, overflow: 'truncate' } },
        series: [{ type: 'bar', data: xs, itemStyle: { color: '#228be6', borderRadius: [0, 3, 3, 0] }, barMaxWidth: 22, label: { show: true, position: 'right', formatter: (p: { value: number }) => formatRef.current(p.value) } }],
      },
      true,
    );
    chart.current?.resize();
  }, [labels, values]);

  return <Box ref={ref} h={h} w="100%" role="img" aria-label={ariaLabel} data-testid="time-chart" />;
}
