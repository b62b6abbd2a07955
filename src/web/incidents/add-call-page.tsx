/**
 * "Añadir a una incidencia" from a call: the customer's open incidents, what the customer says now,
 * and one click records an incoming-call event on the chosen incident and finishes the call.
 */
import { Alert, Button, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { errorMessage } from '../app/api.ts';
import { FromCallBanner, useCallFinishedNotice, useFromCall } from '../calls/from-call.tsx';
import { notifySuccess } from '../ui/feedback.tsx';
import { CatalogSelect, useCatalog } from '../ui/catalogs.tsx';
import { PageHeader } from '../ui/page.tsx';
import { addEventToIncident, useCustomerOpenIncidents, useIncidentChangedElsewhere } from './queries.ts';

/** The starter configuration's "Llamada entrante" event type. */
const INCOMING_CALL = 'LLE';

export function AddCallToIncidentPage() {
  const { t } = useTranslation('incidents');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const fromCall = useFromCall();
  const finished = useCallFinishedNotice();
  const incidentChanged = useIncidentChangedElsewhere();
  const customerId = params.get('customerId') || fromCall.call?.customerId || undefined;
  const open = useCustomerOpenIncidents(customerId);
  const [picked, setIncidentId] = useState<string | null>(params.get('incidentId'));
  // One open incident: that one is the case the customer calls about.
  const incidentId = picked ?? (open.data?.items.length === 1 ? open.data.items[0]!.id : null);
  const [text, setText] = useState(fromCall.call?.description ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // The customer is calling: an incoming call when the desk has that type, else the default type.
  const eventTypes = useCatalog('incident-event-types');
  const incoming = eventTypes.entries.find((e) => e.active && e.code === INCOMING_CALL);
  const [typeCode, setTypeCode] = useState<string | null>(null);
  const effectiveType = typeCode ?? incoming?.code ?? eventTypes.defaultEntry?.code ?? null;
  const chosen = open.data?.items.find((i) => i.id === incidentId);
  return (
    <Stack gap="sm" maw={720}>
      <PageHeader title={t('page.fromCallTitle')} back={{ to: '/incidents', label: t('page.back') }} />
      <FromCallBanner fromCall={fromCall} />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          if (!incidentId) return;
          setBusy(true);
          setError(null);
          try {
            await addEventToIncident(incidentId, { text: text || fromCall.call?.description || '—', typeCode: effectiveType, fromCallId: fromCall.callId ?? null });
            notifySuccess(t('page.fromCallDone', { number: chosen?.number ?? '' }));
            finished(fromCall.callId);
            // The incident page opened next must show the new event (and a response clock it stopped).
            void incidentChanged(incidentId);
            navigate(`/incidents/${incidentId}`);
          } catch (err) {
            setError(errorMessage(err));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Stack gap="sm">
          {error && <Alert color="red">{error}</Alert>}
          <Select
            label={t('page.fromCallPick')}
            data={(open.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.number} · ${i.symptom.slice(0, 60)}` }))}
            value={incidentId}
            onChange={setIncidentId}
            searchable
            nothingFoundMessage={t('inbox.empty')}
          />
          {open.data && !open.data.items.length && <Text size="sm" c="dimmed">{t('inbox.empty')}</Text>}
          <CatalogSelect catalog="incident-event-types" label={t('page.eventType')} value={effectiveType} onChange={setTypeCode} data-testid="add-call-event-type" />
          <Textarea label={t('page.fromCallText')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={3} />
          <Button type="submit" disabled={!incidentId} loading={busy}>
            {t('page.fromCall')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
