/**
 * One ECharts instance bound to a box: created on mount (canvas renderer), resized with the box,
 * disposed on unmount. Each chart module registers the ECharts pieces it uses (`echarts.use`) and
 * sets its option with `chart.current?.setOption(...)` when its data change.
 */
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

export function useEChart() {
  const ref = useRef<HTMLDivElement | null>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    chart.current = echarts.init(ref.current, undefined, { renderer: 'canvas' });
    const observer = new ResizeObserver(() => chart.current?.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  return { ref, chart };
}
