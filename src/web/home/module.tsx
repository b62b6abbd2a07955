import { lazyPage } from '../app/lazy-page.ts';
import { webModule } from '../app/module.ts';

export const homeModule = webModule({
  id: 'home',
  pages: [{ path: '/', page: lazyPage(() => import('./home-page.tsx'), 'HomePage'), nav: { label: 'common:home.title', icon: 'home', section: 'work', order: 0 } }],
});
