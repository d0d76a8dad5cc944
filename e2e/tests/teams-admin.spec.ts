/** An admin manages teams and agents under Settings: a grab team, a team admin in it, another agent's role and teams, disabling and enabling; a reload shows the same. */
import { expect, type Page, test } from '@playwright/test';
import { ParleyProcess, signInAgent } from '../support/parley.ts';

let parley: ParleyProcess;
test.afterEach(() => parley?.destroy());

const agentsTable = (page: Page) => page.getByRole('table', { name: 'Agents, by name' });
const teamsTable = (page: Page) => page.getByRole('table', { name: 'Teams, by name' });
const agentRow = (page: Page, email: string) => agentsTable(page).getByRole('row').filter({ hasText: email });
const teamRow = (page: Page, name: string) => teamsTable(page).getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });

test('an admin adds a grab team and a team admin in it, changes another agent’s role and teams, disables and enables them', async ({ browser }) => {
  parley = await ParleyProcess.create();
  await parley.start();
  await parley.addAgent('olga@shop.example', 'a long password', 'Olga Owner');
  await parley.cli('team', 'add', 'sales');
  await parley.cli('agent', 'add', '--email', 'rita@shop.example', '--password', 'rita password', '--name', 'Rita Rep', '--team', 'sales');
  const admin = await signInAgent(browser, parley, 'olga@shop.example', 'a long password');
  await admin.getByRole('link', { name: 'Settings' }).click();

  const newTeam = admin.getByRole('form', { name: 'New team' });
  await newTeam.getByRole('textbox', { name: 'Team name' }).fill('Desk');
  await newTeam.getByRole('combobox', { name: 'Mode' }).selectOption({ label: 'Grab' });
  await newTeam.getByRole('button', { name: 'Add team' }).click();
  await expect(teamRow(admin, 'Desk').getByRole('combobox', { name: 'Mode' })).toHaveValue('grab');
  await expect(newTeam.getByRole('textbox', { name: 'Team name' })).toHaveValue('');
  await newTeam.getByRole('textbox', { name: 'Team name' }).fill('Desk');
  await newTeam.getByRole('button', { name: 'Add team' }).click();
  await expect(newTeam.getByRole('alert')).toContainText('exists already');

  const newAgent = admin.getByRole('form', { name: 'New agent' });
  await newAgent.getByRole('textbox', { name: 'Name' }).fill('Tess Lead');
  await newAgent.getByRole('textbox', { name: 'Email' }).fill('tess@shop.example');
  await newAgent.getByRole('textbox', { name: 'Password' }).fill('tess password');
  await newAgent.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Team admin' });
  await newAgent.getByRole('checkbox', { name: 'Desk' }).check();
  await newAgent.getByRole('button', { name: 'Add agent' }).click();
  const tess = agentRow(admin, 'tess@shop.example');
  await expect(tess.getByRole('combobox', { name: 'Role' })).toHaveValue('team-admin');
  await expect(tess.getByRole('checkbox', { name: 'Desk' })).toBeChecked();
  await expect(tess.getByRole('checkbox', { name: 'sales' })).not.toBeChecked();
  await expect(newAgent.getByRole('checkbox', { name: 'Desk' })).not.toBeChecked();
  await expect(teamRow(admin, 'Desk').getByRole('cell').last()).toHaveText('1');

  // Rita: from agent in sales to team admin in Desk only, each change saved at once.
  const rita = agentRow(admin, 'rita@shop.example');
  await rita.getByRole('combobox', { name: 'Role' }).selectOption({ label: 'Team admin' });
  await expect(rita.getByRole('status')).toHaveText('Saved');
  await rita.getByRole('checkbox', { name: 'Desk' }).check();
  await rita.getByRole('checkbox', { name: 'sales' }).uncheck();
  await expect(rita.getByRole('status')).toHaveText('Saved');
  await expect(teamRow(admin, 'Desk').getByRole('cell').last()).toHaveText('2');
  await expect(teamRow(admin, 'sales').getByRole('cell').last()).toHaveText('0');

  await rita.getByRole('button', { name: 'Disable' }).click();
  await expect(rita).toContainText('Disabled');
  await rita.getByRole('button', { name: 'Enable' }).click();
  await expect(rita.getByRole('button', { name: 'Disable' })).toBeVisible();
  await expect(rita.getByRole('status')).toHaveText('Saved');
  await tess.getByRole('button', { name: 'Disable' }).click();
  await expect(tess).toContainText('Disabled');
  await expect(tess.getByRole('status')).toHaveText('Saved');

  // Her own row: no demoting, no disabling herself.
  const olga = agentRow(admin, 'olga@shop.example');
  await expect(olga.getByRole('combobox', { name: 'Role' })).toBeDisabled();
  await expect(olga.getByRole('button', { name: /Disable|Enable/ })).toHaveCount(0);

  await admin.reload();
  await expect(teamRow(admin, 'Desk').getByRole('combobox', { name: 'Mode' })).toHaveValue('grab');
  await expect(teamRow(admin, 'sales').getByRole('combobox', { name: 'Mode' })).toHaveValue('collaboration');
  await expect(rita.getByRole('combobox', { name: 'Role' })).toHaveValue('team-admin');
  await expect(rita.getByRole('checkbox', { name: 'Desk' })).toBeChecked();
  await expect(rita.getByRole('checkbox', { name: 'sales' })).not.toBeChecked();
  await expect(rita).toContainText('Enabled');
  await expect(tess.getByRole('combobox', { name: 'Role' })).toHaveValue('team-admin');
  await expect(tess).toContainText('Disabled');
  await expect(tess.getByRole('button', { name: 'Enable' })).toBeVisible();

  // Setting a mode is saved too; the CLI sees what the console did.
  await teamRow(admin, 'sales').getByRole('combobox', { name: 'Mode' }).selectOption({ label: 'Grab' });
  await expect.poll(() => parley.cli('team', 'list')).toBe(['Desk\tgrab\trita@shop.example,tess@shop.example', 'sales\tgrab\t-'].join('\n'));
  await admin.reload();
  await expect(teamRow(admin, 'sales').getByRole('combobox', { name: 'Mode' })).toHaveValue('grab');
});
