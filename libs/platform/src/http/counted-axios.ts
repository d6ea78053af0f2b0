import axios, { type AxiosInstance, type CreateAxiosDefaults } from 'axios';

/**
 * An axios instance that reports every upstream call's outcome (HTTP status, or "network" when
 * none came back), so the upstream-calls metric counts what the bridge really spent.
 */
export function createCountedAxios(
  defaults: CreateAxiosDefaults,
  count: (status: string) => void,
): AxiosInstance {
  const http = axios.create(defaults);
  http.interceptors.response.use(
    (response) => {
      count(String(response.status));
      return response;
    },
    (error: unknown) => {
      const status = axios.isAxiosError(error) ? error.response?.status : undefined;
      count(status ? String(status) : 'network');
      return Promise.reject(error);
    },
  );
  return http;
}
