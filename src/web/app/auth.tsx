/**
 * Who is logged in. `GET /auth/me` on start; a 401 anywhere drops back to the login page (keeping
 * the address, so the user lands where they were going). `useCan(permission)` hides what the
 * server would refuse — the server still decides.
 */
import { notifications } from '@mantine/notifications';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo } from 'react';
import { can, type Permission, type Role } from '../../shared/roles.ts';
import type { User } from '../../shared/users.ts';
import { ApiError, onUnauthenticated, setApiLanguage, setCsrfToken } from './api.ts';
import { authApi, authKeys, type MeResponse } from './queries.ts';
import { i18n, type Language } from './i18n.ts';
import { forgetListAddresses } from '../ui/list-memory.ts';

export type { User };


type AuthValue = {
  user: User | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<User>;
  logout: () => Promise<void>;
  /** Replace the cached user after changing preferences. */
  setUser: (user: User) => void;
};

const AuthContext = createContext<AuthValue | null>(null);
export const ME_KEY = authKeys.me;

function adopt(me: MeResponse | null) {
  setCsrfToken(me?.csrfToken ?? null);
  if (me?.user.language && me.user.language !== i18n.language) {
    setApiLanguage(me.user.language);
    void i18n.changeLanguage(me.user.language);
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({
    queryKey: ME_KEY,
    queryFn: async () => {
      try {
        const res = await authApi.me();
        adopt(res);
        return res;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
    retry: 1,
  });

  useEffect(() => {
    onUnauthenticated(() => {
      if (queryClient.getQueryData(ME_KEY)) {
        notifications.show({ color: 'yellow', message: i18n.t('auth.expired'), autoClose: 8000 });
        setCsrfToken(null);
        queryClient.setQueryData(ME_KEY, null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
      }
    });
  }, [queryClient]);

  const login = useCallback(
    async (username: string, password: string) => {
      const res = await authApi.login(username, password);
      adopt(res);
      queryClient.setQueryData(ME_KEY, res);
      return res.user;
    },
    [queryClient],
  );

  const logout = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setCsrfToken(null);
      forgetListAddresses();
      queryClient.setQueryData(ME_KEY, null);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
    }
  }, [queryClient]);

  const setUser = useCallback(
    (user: User) => {
      const prev = queryClient.getQueryData<MeResponse | null>(ME_KEY);
      if (prev) queryClient.setQueryData(ME_KEY, { ...prev, user });
    },
    [queryClient],
  );

  const value = useMemo<AuthValue>(
    () => ({ user: me.data?.user ?? null, loading: me.isPending, login, logout, setUser }),
    [me.data, me.isPending, login, logout, setUser],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** May the logged-in user do this? (Mirrors src/shared/roles.ts.) */
export function useCan(permission: Permission | undefined): boolean {
  const { user } = useAuth();
  if (!permission) return true;
  return !!user && can(user.role, permission);
}
